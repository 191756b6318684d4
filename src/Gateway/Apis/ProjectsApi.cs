using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Auth;
using Backtrace.Grains.Tokens;
using Backtrace.Storage.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backtrace.Gateway.Apis;

/// <summary><c>GET /api/v1/projects</c>: the projects the token reaches, with their totals.</summary>
public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup(ApiPaths.Projects).WithTags("Projects").MapGet("", ListAsync);
        return app;
    }

    /// <summary>A token belongs to one project, so the list holds that project alone.</summary>
    public static async Task<Ok<ProjectListResponse>> ListAsync(
        HttpContext context, TokenAuthenticator auth, IProjectCatalog catalog)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Read, project: null);
        var projects = await catalog.ListAsync(context.RequestAborted);
        return TypedResults.Ok(new ProjectListResponse(
            [.. projects.Where(p => p.Name == grant.Project).Select(ProjectResponse.From)]));
    }
}
