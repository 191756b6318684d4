using Backtrace.Analysis.Server;
using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Auth;
using Backtrace.Gateway.Problems;
using Backtrace.Grains.Tokens;
using Backtrace.Snapshots.Json;
using Backtrace.Storage.Bodies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backtrace.Gateway.Apis;

/// <summary>
/// One stored snapshot, in the native format (docs/snapshot-format.md); the terminal UI downloads snapshots
/// from here. <c>GET /api/v1/projects/{project}/snapshots/{uuid}</c> answers the body byte for byte as it was
/// submitted; <c>?view=analysed</c> answers it with what analysis at ingest added (classifiers, attributes,
/// annotations, synthetic frames, fingerprint) merged in; <c>GET .../snapshots/{uuid}/analysis</c> answers
/// those findings alone (docs/analysis.md, "Analysis at ingest"). Its attachments are listed by
/// <see cref="AttachmentsApi"/>.
/// </summary>
public static class SnapshotsApi
{
    private const string Submitted = "submitted";
    private const string Analysed = "analysed";

    public static IEndpointRouteBuilder MapSnapshotsApi(this IEndpointRouteBuilder app)
    {
        var snapshots = app.MapGroup(ApiPaths.Projects).WithTags("Snapshots");
        snapshots.MapGet("/{project}/snapshots/{uuid}", GetAsync);
        snapshots.MapGet("/{project}/snapshots/{uuid}/analysis", GetAnalysisAsync);
        return app;
    }

    public static async Task<Results<FileStreamHttpResult, FileContentHttpResult>> GetAsync(
        string project, string uuid, string? view, HttpContext context, TokenAuthenticator auth, ISnapshotBodyStore bodies)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Read, project);
        var id = SnapshotId.Parse(uuid);
        if (view is not null and not Submitted and not Analysed)
        {
            throw Problem.InvalidParameter("view", $"'{Problem.Quote(view)}' is not a view; use {Submitted} (the default) or {Analysed}");
        }

        var body = await bodies.OpenReadAsync(grant.Project, id, context.RequestAborted)
            ?? throw SnapshotId.NotFound(grant.Project, id);
        if (view != Analysed)
        {
            return TypedResults.Stream(body, "application/json");
        }

        byte[] submitted;
        await using (body)
        {
            using var copy = new MemoryStream();
            await body.CopyToAsync(copy, context.RequestAborted);
            submitted = copy.ToArray();
        }

        var analysis = await ReadAnalysisAsync(bodies, grant.Project, id, context.RequestAborted);
        if (analysis.IsEmpty)
        {
            return TypedResults.Bytes(submitted, "application/json");
        }

        var snapshot = SnapshotJson.Deserialize(submitted);
        analysis.ApplyTo(snapshot);
        return TypedResults.Bytes(SnapshotJson.Serialize(snapshot), "application/json");
    }

    /// <summary>The findings of analysis at ingest; an empty document when it added nothing.</summary>
    public static async Task<FileContentHttpResult> GetAnalysisAsync(
        string project, string uuid, HttpContext context, TokenAuthenticator auth, ISnapshotBodyStore bodies)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Read, project);
        var id = SnapshotId.Parse(uuid);
        if (!await bodies.ExistsAsync(grant.Project, id, context.RequestAborted))
        {
            throw SnapshotId.NotFound(grant.Project, id);
        }

        var analysis = await ReadAnalysisAsync(bodies, grant.Project, id, context.RequestAborted);
        return TypedResults.Bytes(ServerAnalysisJson.Serialize(analysis), "application/json");
    }

    private static async Task<ServerAnalysis> ReadAnalysisAsync(ISnapshotBodyStore bodies, string project, Guid uuid, CancellationToken cancellation)
    {
        var stream = await bodies.OpenReadAsync(project, SidecarKeys.ServerAnalysis(uuid), cancellation);
        if (stream is null)
        {
            return new ServerAnalysis();
        }

        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellation);
            return ServerAnalysisJson.Deserialize(copy.GetBuffer().AsSpan(0, (int)copy.Length));
        }
    }
}
