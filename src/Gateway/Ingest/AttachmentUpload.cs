using Backtrace.Gateway.Apis;
using Backtrace.Gateway.Problems;
using Backtrace.Grains.Tokens;
using Backtrace.Storage.Attachments;
using Backtrace.Storage.Bodies;
using Microsoft.AspNetCore.Http;

namespace Backtrace.Gateway.Ingest;

/// <summary>
/// Backtrace's upload of one file to a report sent earlier: <c>POST /post?token=T&amp;object=&lt;_rxid&gt;&amp;attachment_name=&lt;name&gt;</c>
/// with the file as the body (Backtrace clients use it for files they add after the report). The file joins the
/// snapshot's attachments under the same bounds as attachments sent in a multipart report.
/// </summary>
internal static class AttachmentUpload
{
    /// <summary>True when the request is an attachment upload rather than a report.</summary>
    public static bool IsRequested(HttpRequest request) =>
        request.Query.ContainsKey("object") || request.Query.ContainsKey("attachment_name");

    /// <summary>Stores the body as an attachment of the snapshot <c>object</c> names; completes once it is durable.</summary>
    /// <returns>The snapshot's uuid.</returns>
    /// <exception cref="GatewayProblemException">Bad parameters (400), no such snapshot (404), over a bound (413).</exception>
    public static async Task<Guid> StoreAsync(
        HttpContext context, TokenGrant grant, byte[] body, IngestOptions options, ISnapshotBodyStore bodies, ISnapshotAttachmentStore attachments)
    {
        var query = context.Request.Query;
        var id = query["object"] is { Count: 1 } objects && Guid.TryParse(objects[0], out var parsed)
            ? parsed
            : throw Problem.InvalidParameter("object", "give once the _rxid (a uuid) of the report the file belongs to");
        var name = query["attachment_name"] is { Count: 1 } names ? names[0] : null;
        if (!AttachmentName.IsValid(name, out var reason))
        {
            throw Problem.InvalidParameter("attachment_name", reason);
        }

        if (body.Length > options.MaxAttachmentBytes)
        {
            throw Problem.AttachmentTooLarge(name, body.Length, options.MaxAttachmentBytes);
        }

        var cancellationToken = context.RequestAborted;
        if (!await bodies.ExistsAsync(grant.Project, id, cancellationToken))
        {
            throw SnapshotId.NotFound(grant.Project, id);
        }

        // Two uploads racing past this check can exceed the count by one each; the bound still holds within a few files.
        var existing = await attachments.ListAsync(grant.Project, id, cancellationToken);
        if (existing.Count >= options.MaxAttachments && !existing.Any(a => a.Name == name))
        {
            throw Problem.TooManyAttachments(options.MaxAttachments);
        }

        await attachments.PutAsync(grant.Project, id,
            [new SnapshotAttachment(name, SubmissionAttachments.MediaTypeOf(context.Request.ContentType), body)], cancellationToken);
        return id;
    }
}
