using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Auth;
using Backtrace.Gateway.Hosting;
using Backtrace.Gateway.Json;
using Backtrace.Gateway.Logging;
using Backtrace.Gateway.Problems;
using Backtrace.Grains;
using Backtrace.Grains.Projects;
using Backtrace.Grains.Tokens;
using Backtrace.Storage.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Apis;

/// <summary>
/// Projects: <c>GET /api/v1/projects</c> (the projects the token reaches, with their totals),
/// <c>GET /api/v1/projects/{project}</c>, and <c>POST /api/v1/projects</c>, which creates a project and answers
/// with its first admin token. Creating is reserved to admin tokens of the server's default project (the one
/// <c>--project</c> names, whose admin token <c>--admin-token</c> sets): the operators of the server.
/// </summary>
public static class ProjectsApi
{
    private const string ProjectExample = "{\"name\":\"web\",\"display_name\":\"Web shop\"}";

    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup(ApiPaths.Projects).WithTags("Projects");
        projects.MapGet("", ListAsync);
        projects.MapGet("/{project}", GetAsync);
        projects.MapPost("", CreateAsync);
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

    public static async Task<Ok<ProjectResponse>> GetAsync(
        string project, HttpContext context, TokenAuthenticator auth, IProjectCatalog catalog)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Read, project);
        var projects = await catalog.ListAsync(context.RequestAborted);
        return TypedResults.Ok(ProjectResponse.From(
            projects.FirstOrDefault(p => p.Name == grant.Project) ?? throw Problem.ProjectNotReachable(project)));
    }

    /// <summary>201 with the project and its first admin token; 409 (<c>project-exists</c>) when a project of that name exists.</summary>
    public static async Task<Created<CreatedProjectResponse>> CreateAsync(
        HttpContext context, TokenAuthenticator auth, IGrainFactory grains, IOptions<EmbeddedOptions> server, ILoggerFactory loggers)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Admin, project: null);
        var defaultProject = server.Value.Project;
        if (grant.Project != defaultProject)
        {
            throw Problem.ServerAdminRequired(defaultProject);
        }

        var body = await JsonRequestBody.ReadAsync(context, GatewayJsonContext.Default.ProjectRequestBody, "a project request", ProjectExample);
        var name = body.Name ?? throw Problem.InvalidBody("required: the project's name", "$.name");
        if (!ProjectName.IsValid(name, out var reason))
        {
            throw Problem.InvalidBody(reason, "$.name");
        }

        if (body.DisplayName is { } displayName && (displayName.Length is 0 or > ProjectSettings.MaxDisplayNameLength || displayName.Any(char.IsControl)))
        {
            throw Problem.InvalidBody($"a display name is 1 to {ProjectSettings.MaxDisplayNameLength} printable characters", "$.display_name");
        }

        var created = await grains.GetGrain<IProjectGrain>(name).CreateAsync(
            new ProjectSettings { DisplayName = body.DisplayName },
            new TokenRequest { Name = "admin", Scopes = TokenScopes.All });
        var logger = loggers.CreateLogger(typeof(ProjectsApi).FullName!);
        GatewayLog.ProjectCreated(logger, name);
        GatewayLog.TokenIssued(logger, "admin", TokenScopes.All.ToString(), name);
        return TypedResults.Created(ApiPaths.Project(name), new CreatedProjectResponse(
            ProjectResponse.Created(created.Project),
            new IssuedTokenResponse(TokenResponse.From(created.Token.Token), created.Token.Secret)));
    }
}
