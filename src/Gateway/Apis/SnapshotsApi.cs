using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Auth;
using Backtrace.Gateway.Problems;
using Backtrace.Grains.Tokens;
using Backtrace.Storage.Bodies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backtrace.Gateway.Apis;

/// <summary><c>GET /api/v1/projects/{project}/snapshots/{uuid}</c>: one stored snapshot, in the native
/// format (docs/snapshot-format.md). The terminal UI downloads snapshots from here.</summary>
public static class SnapshotsApi
{
    public static IEndpointRouteBuilder MapSnapshotsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup(ApiPaths.Projects).WithTags("Snapshots").MapGet("/{project}/snapshots/{uuid}", GetAsync);
        return app;
    }

    public static async Task<FileStreamHttpResult> GetAsync(
        string project, string uuid, HttpContext context, TokenAuthenticator auth, ISnapshotBodyStore bodies)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Read, project);
        if (!Guid.TryParse(uuid, out var id))
        {
            throw Problem.InvalidParameter("uuid", $"'{Shorten(uuid)}' is not a uuid");
        }

        var body = await bodies.OpenReadAsync(grant.Project, id, context.RequestAborted)
            ?? throw Problem.NotFound("snapshot-not-found", $"project '{grant.Project}' has no snapshot {id:D}");
        return TypedResults.Stream(body, "application/json");
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
