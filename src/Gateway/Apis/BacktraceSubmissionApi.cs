using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Auth;
using Backtrace.Gateway.Ingest;
using Backtrace.Grains.Tokens;
using Backtrace.Storage.Attachments;
using Backtrace.Storage.Bodies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Apis;

/// <summary>
/// Backtrace-compatible submission, so existing Backtrace client libraries submit unchanged:
/// <c>POST /post?format=json&amp;token=...</c> and <c>/api/post</c>, with the JSON report as the body or as
/// the <c>upload_file</c> part of a multipart body whose other file parts are kept as the snapshot's attachments, and
/// <c>?object=&lt;_rxid&gt;&amp;attachment_name=&lt;name&gt;</c>, which adds one file to a report sent earlier. Answers <c>{"response":"ok","_rxid":"&lt;uuid&gt;"}</c>.
/// </summary>
public static class BacktraceSubmissionApi
{
    public static IEndpointRouteBuilder MapBacktraceSubmissionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Backtrace-compatible ingest");
        group.MapPost("/post", SubmitAsync).RequireRateLimiting(IngestRateLimiting.Policy);
        group.MapPost("/api/post", SubmitAsync).RequireRateLimiting(IngestRateLimiting.Policy);
        return app;
    }

    /// <summary>The report's uuid is the <c>_rxid</c>; submitting it again answers the same, and stores nothing twice.</summary>
    public static async Task<Ok<BacktraceSubmitResponse>> SubmitAsync(
        HttpContext context, TokenAuthenticator auth, RequestBodyReader bodies, SnapshotIngestor ingestor, IOptions<IngestOptions> options,
        ISnapshotBodyStore stored, ISnapshotAttachmentStore attachments)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Submit, project: null, allowQueryToken: true);
        var body = await bodies.ReadAsync(context);
        if (AttachmentUpload.IsRequested(context.Request))
        {
            var snapshot = await AttachmentUpload.StoreAsync(context, grant, body, options.Value, stored, attachments);
            return TypedResults.Ok(new BacktraceSubmitResponse("ok", snapshot.ToString("D")));
        }

        var submission = await BacktraceSubmission.ParseAsync(context.Request, body, options.Value);
        var result = await ingestor.IngestBacktraceReportAsync(grant, submission.Report, submission.Attributes, submission.Attachments);
        return TypedResults.Ok(new BacktraceSubmitResponse("ok", result.Uuid.ToString("D")));
    }
}
