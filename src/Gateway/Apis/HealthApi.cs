using Backtrace.Gateway.Apis.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backtrace.Gateway.Apis;

/// <summary><c>GET /healthz</c>: 200 once the server is up. The HTTP listener opens only after the silo
/// has started and the default project exists, so a 200 means the whole process is ready.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok"))).WithTags("Health");
        return app;
    }
}
