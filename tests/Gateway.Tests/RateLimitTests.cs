using System.Diagnostics;
using System.Net;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>Submissions are rate limited per token; over the rate the server answers 429 with Retry-After.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const int Burst = 2;
    private const int PerSecond = 1;

    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(new ServerOptions
    {
        DataDirectory = ServerOptions.NewDataDirectory(),
        Settings = new Dictionary<string, string>
        {
            ["Backtrace:Ingest:RateLimitPerSecond"] = PerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Backtrace:Ingest:RateLimitBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.Options.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task ATokenOverItsRate_Gets429_WhileAnotherTokenIsNotLimited()
    {
        using var client = _server.CreateClient();
        var options = _server.Options;
        const int attempts = 12;
        var clock = Stopwatch.StartNew();

        var responses = await Task.WhenAll(Enumerable.Range(0, attempts).Select(i => i % 2 == 0
            ? client.PostSnapshotAsync(options.Project, options.Token, TestSnapshots.Native(Guid.NewGuid(), "limited"))
            : client.SendAsync(HttpMethod.Post, $"/post?format=json&token={options.Token}", null,
                new ByteArrayContent(TestSnapshots.Report(Guid.NewGuid(), "limited")))));
        var seconds = clock.Elapsed.TotalSeconds;

        var accepted = responses.Count(r => r.IsSuccessStatusCode);
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(attempts, accepted + limited.Count);
        Assert.InRange(accepted, 1, Burst + (int)Math.Ceiling(seconds * PerSecond));
        Assert.NotEmpty(limited);
        var problem = await ProblemAssert.IsProblemAsync(limited[0], 429, "rate-limited", "rate limit");
        Assert.True(limited[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), problem.ToString());

        // The limit is per token: the admin token has its own bucket.
        using var other = await client.PostSnapshotAsync(options.Project, options.AdminToken, TestSnapshots.Native(Guid.NewGuid(), "unlimited"));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
