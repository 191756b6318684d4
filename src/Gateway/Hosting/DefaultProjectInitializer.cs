using Backtrace.Gateway.Logging;
using Backtrace.Grains.Projects;
using Backtrace.Grains.Tokens;
using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Hosting;

/// <summary>
/// Creates the default project on first start and issues its tokens: a submit+read token and an admin
/// token, preset by option or generated (and saved, see <see cref="InitialTokensFile"/>). Runs after the
/// silo has started and before HTTP is served, so the first request already finds the project.
/// </summary>
public sealed class DefaultProjectInitializer(
    IGrainFactory grains, IOptions<EmbeddedOptions> options, EmbeddedPaths paths, DefaultProjectTokens tokens, ILogger<DefaultProjectInitializer> logger)
    : IHostedService
{
    private const TokenScopes SubmitAndRead = TokenScopes.Submit | TokenScopes.Read;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var project = grains.GetGrain<IProjectGrain>(settings.Project);
        var creation = await project.EnsureCreatedAsync(new ProjectSettings());
        tokens.Created = creation.Created;
        if (creation.Created)
        {
            GatewayLog.ProjectCreated(logger, settings.Project);
        }

        // A preset token is issued at every start: issuing it again is a no-op, and a token added to an
        // existing data directory starts working. A generated one exists only for a new project.
        var token = settings.Token is not null || creation.Created
            ? await IssueAsync(project, settings.Project, "default", SubmitAndRead, settings.Token)
            : null;
        var adminToken = settings.AdminToken is not null || creation.Created
            ? await IssueAsync(project, settings.Project, "admin", TokenScopes.All, settings.AdminToken)
            : null;

        if (creation.Created)
        {
            InitialTokensFile.Write(paths.DataDirectory, settings.Project, settings.Token is null ? token : null, settings.AdminToken is null ? adminToken : null);
        }

        var saved = InitialTokensFile.Read(paths.DataDirectory);
        tokens.Token = token ?? saved.Token;
        tokens.AdminToken = adminToken ?? saved.AdminToken;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<string> IssueAsync(IProjectGrain project, string projectName, string name, TokenScopes scopes, string? preset)
    {
        var issued = await project.IssueTokenAsync(new TokenRequest { Name = name, Scopes = scopes, Secret = preset });
        GatewayLog.TokenIssued(logger, name, scopes.ToString(), projectName);
        return issued.Secret;
    }
}
