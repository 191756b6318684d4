using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Auth;
using Backtrace.Gateway.Ingest;
using Backtrace.Grains.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backtrace.Gateway.Apis;

/// <summary>Native submission: <c>POST /api/v1/projects/{project}/snapshots</c> with a bearer token and a
/// snapshot in format v1 (docs/snapshot-format.md), optionally gzip or deflate encoded.</summary>
public static class IngestApi
{
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup(ApiPaths.Projects)
            .WithTags("Ingest")
            .MapPost("/{project}/snapshots", SubmitAsync)
            .RequireRateLimiting(IngestRateLimiting.Policy);
        return app;
    }

    /// <summary>201 with the snapshot's group for a new snapshot; 200 with the first submission's outcome for a uuid already stored.</summary>
    public static async Task<Results<Created<IngestResponse>, Ok<IngestResponse>>> SubmitAsync(
        string project, HttpContext context, TokenAuthenticator auth, RequestBodyReader bodies, SnapshotIngestor ingestor)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Submit, project);
        var body = await bodies.ReadAsync(context);
        var result = await ingestor.IngestNativeAsync(grant, body);
        var response = IngestResponse.From(result);
        return result.Duplicate ? TypedResults.Ok(response) : TypedResults.Created(response.SnapshotUrl, response);
    }
}
