using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Auth;
using Backtrace.Gateway.Problems;
using Backtrace.Grains.Tokens;
using Backtrace.Storage.Attachments;
using Backtrace.Storage.Bodies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Backtrace.Gateway.Apis;

/// <summary>
/// The files submitted beside a snapshot (log files, minidumps, breadcrumbs; see <c>/post</c>), with a read token:
/// <c>GET /api/v1/projects/{project}/snapshots/{uuid}/attachments</c> lists them, and
/// <c>GET .../attachments/{name}</c> downloads one.
/// </summary>
public static class AttachmentsApi
{
    public static IEndpointRouteBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var attachments = app.MapGroup(ApiPaths.Projects + "/{project}/snapshots/{uuid}/attachments").WithTags("Snapshots");
        attachments.MapGet("", ListAsync);
        attachments.MapGet("/{name}", GetAsync);
        return app;
    }

    /// <summary>The snapshot's attachments; 404 for a snapshot that does not exist, an empty list for one without any.</summary>
    public static async Task<Ok<AttachmentListResponse>> ListAsync(
        string project, string uuid, HttpContext context, TokenAuthenticator auth, ISnapshotBodyStore bodies, ISnapshotAttachmentStore attachments)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Read, project);
        var id = SnapshotId.Parse(uuid);
        if (!await bodies.ExistsAsync(grant.Project, id, context.RequestAborted))
        {
            throw SnapshotId.NotFound(grant.Project, id);
        }

        var list = await attachments.ListAsync(grant.Project, id, context.RequestAborted);
        return TypedResults.Ok(new AttachmentListResponse(id, [.. list.Select(a => AttachmentResponse.From(grant.Project, id, a))]));
    }

    /// <summary>
    /// The attachment's bytes as stored. Always served as a download (<c>Content-Disposition: attachment</c>,
    /// <c>nosniff</c>): the media type comes from the submitter, and a browser must never render it as a page of this server.
    /// </summary>
    public static async Task<FileStreamHttpResult> GetAsync(
        string project, string uuid, string name, HttpContext context, TokenAuthenticator auth, ISnapshotAttachmentStore attachments)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Read, project);
        var id = SnapshotId.Parse(uuid);
        var stored = await attachments.OpenReadAsync(grant.Project, id, name, context.RequestAborted)
            ?? throw Problem.NotFound("attachment-not-found", $"snapshot {id:D} of project '{grant.Project}' has no attachment '{Problem.Quote(name)}'");
        context.Response.RegisterForDisposeAsync(stored);
        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return TypedResults.Stream(stored.Content, stored.Info.ContentType, fileDownloadName: name);
    }
}
