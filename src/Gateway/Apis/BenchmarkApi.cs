using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Apis;

/// <summary>
/// <c>POST /api/v1/noop</c>, mapped only when <see cref="BenchmarkOptions.NoopEndpoint"/> is on: reads the
/// body exactly as ingest does and answers like <c>/post</c>, doing nothing else. bench/ingest measures it
/// as this machine's HTTP ceiling, beside real ingest.
/// </summary>
public static class BenchmarkApi
{
    public static IEndpointRouteBuilder MapBenchmarkApi(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<BenchmarkOptions>>().Value.NoopEndpoint)
        {
            app.MapPost("/api/v1/noop", NoopAsync).WithTags("Benchmark");
        }

        return app;
    }

    public static async Task<Ok<BacktraceSubmitResponse>> NoopAsync(HttpContext context, RequestBodyReader bodies)
    {
        var body = await bodies.ReadAsync(context);
        return TypedResults.Ok(new BacktraceSubmitResponse("ok", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
