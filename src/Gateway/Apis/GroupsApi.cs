using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Auth;
using Backtrace.Gateway.Json;
using Backtrace.Gateway.Logging;
using Backtrace.Gateway.Problems;
using Backtrace.Grains;
using Backtrace.Grains.FaultGroups;
using Backtrace.Grains.Tokens;
using Backtrace.Snapshots.Validation;
using Backtrace.Storage.Index;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backtrace.Gateway.Apis;

/// <summary>
/// Fault groups: <c>GET /api/v1/projects/{project}/groups</c> (sorted, filtered, paged),
/// <c>GET .../groups/{fingerprint}</c> (one group with its recent snapshots) and
/// <c>PUT .../groups/{fingerprint}/state</c> (move it through open, in_progress, resolved, muted; admin scope).
/// </summary>
public static class GroupsApi
{
    public static IEndpointRouteBuilder MapGroupsApi(this IEndpointRouteBuilder app)
    {
        var groups = app.MapGroup(ApiPaths.Projects + "/{project}/groups").WithTags("Fault groups");
        groups.MapGet("", ListAsync);
        groups.MapGet("/{fingerprint}", GetAsync);
        groups.MapPut("/{fingerprint}/state", ChangeStateAsync);
        return app;
    }

    public static async Task<Ok<GroupListResponse>> ListAsync(
        string project, HttpContext context, TokenAuthenticator auth, IFaultGroupIndex index)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Read, project);
        var query = GroupListParameters.Parse(grant.Project, context.Request.Query);
        var page = await index.ListAsync(query, context.RequestAborted);
        return TypedResults.Ok(new GroupListResponse(page.Total, query.Offset, query.Limit, [.. page.Items.Select(GroupSummaryResponse.From)]));
    }

    public static async Task<Ok<GroupDetailsResponse>> GetAsync(
        string project, string fingerprint, HttpContext context, TokenAuthenticator auth, IGrainFactory grains)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Read, project);
        var group = await GroupGrain(grains, grant.Project, fingerprint).GetAsync();
        return TypedResults.Ok(GroupDetailsResponse.From(group));
    }

    public static async Task<Ok<GroupDetailsResponse>> ChangeStateAsync(
        string project, string fingerprint, HttpContext context, TokenAuthenticator auth, IGrainFactory grains, ILoggerFactory loggers)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Admin, project);
        var request = await JsonRequestBody.ReadAsync(context, GatewayJsonContext.Default.StateChangeRequest, "a state change", "{\"state\":\"resolved\"}");
        var state = GroupStates.Parse(request.State)
            ?? throw Problem.InvalidBody(
                request.State is null ? "required: the new state" : $"'{request.State}' is not a state; use {GroupStates.All}", "$.state");
        var group = await GroupGrain(grains, grant.Project, fingerprint).ChangeStatusAsync(new FaultGroupStatusChange
        {
            Status = state,
            ChangedBy = $"token:{grant.TokenId}",
            Comment = request.Comment,
        });
        GatewayLog.GroupStateChanged(loggers.CreateLogger(typeof(GroupsApi).FullName!), fingerprint, grant.Project, GroupStates.Name(state), grant.TokenId);
        return TypedResults.Ok(GroupDetailsResponse.From(group));
    }

    private static IFaultGroupGrain GroupGrain(IGrainFactory grains, string project, string fingerprint) =>
        FingerprintOverride.Problem(fingerprint) is { } problem
            ? throw Problem.InvalidParameter("fingerprint", problem)
            : grains.GetGrain<IFaultGroupGrain>(GrainKeys.FaultGroup(project, fingerprint));
}
