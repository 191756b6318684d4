using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Hosting;

/// <summary>
/// Prints, once HTTP is served, where the server listens, the default project's tokens and ready-to-paste
/// curl lines. The first line, <c>Backtrace is listening on URL</c>, is stable: scripts and tests read the
/// address from it (useful with port 0).
/// </summary>
public sealed class StartupBanner(
    IServer server, IHostApplicationLifetime lifetime, IOptions<EmbeddedOptions> options, EmbeddedPaths paths, DefaultProjectTokens tokens)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? options.Value.Listen;
        var project = options.Value.Project;
        var token = tokens.Token ?? "<TOKEN>";
        var savedIn = InitialTokensFile.PathIn(paths.DataDirectory);
        var lines = new List<string>
        {
            $"Backtrace is listening on {address}",
            $"Data directory: {paths.DataDirectory}",
            $"Default project: {project}{(tokens.Created ? " (created now)" : "")}",
            $"  submit+read token: {tokens.Token ?? $"not known to this process (see {savedIn}, or start with --token)"}",
            $"  admin token:       {tokens.AdminToken ?? $"not known to this process (see {savedIn}, or start with --admin-token)"}",
            "Submit the example crash:",
            $"  curl -sS -H 'Authorization: Bearer {token}' -H 'Content-Type: application/json' --data-binary @examples/null-dereference.json {address}/api/v1/projects/{project}/snapshots",
            "List the fault groups:",
            $"  curl -sS -H 'Authorization: Bearer {token}' '{address}/api/v1/projects/{project}/groups?sort=last_seen'",
        };
        Console.Out.Write(string.Join(Environment.NewLine, lines) + Environment.NewLine);
        Console.Out.Flush();
    }
}
