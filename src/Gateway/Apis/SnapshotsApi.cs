using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Auth;
using Backtrace.Grains.Tokens;
using Backtrace.Storage.Bodies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backtrace.Gateway.Apis;

/// <summary><c>GET /api/v1/projects/{project}/snapshots/{uuid}</c>: one stored snapshot, in the native
/// format (docs/snapshot-format.md). The terminal UI downloads snapshots from here. Its attachments are
/// listed by <see cref="AttachmentsApi"/>.</summary>
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
        var id = SnapshotId.Parse(uuid);
        var body = await bodies.OpenReadAsync(grant.Project, id, context.RequestAborted) ?? throw SnapshotId.NotFound(grant.Project, id);
        return TypedResults.Stream(body, "application/json");
    }
}
