using System.Diagnostics;
using System.Text.Json;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>
/// The official Backtrace Node.js client (npm @backtrace/node 0.8.x, pinned in tests/node) pointed at the server:
/// its report is accepted (multipart, with breadcrumbs and a log file as attachments), grouped, and its attachment kept.
/// scripts/install-test-deps.sh installs it (npm ci in tests/node).
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class NodeClientTests(ServerFixture server)
{
    [Fact]
    public async Task TheBacktraceNodeClient_GetsItsReportAcceptedAndGrouped()
    {
        var marker = "m" + Guid.NewGuid().ToString("N");

        var log = Path.Combine(Path.GetTempPath(), $"node-e2e-{marker}.log");
        await File.WriteAllTextAsync(log, $"GET /invoice/{marker} 500\n");
        (JsonElement Result, string Output) firstRun;
        try
        {
            firstRun = await RunClientAsync(marker, log);
        }
        finally
        {
            File.Delete(log);
        }

        var (first, output) = firstRun;
        var (second, _) = await RunClientAsync(marker, attach: null);

        Assert.True(first.GetProperty("status").GetString() == "Ok", output);
        var rxid = first.GetProperty("result").GetProperty("_rxid").GetGuid();
        Assert.Equal("ok", first.GetProperty("result").GetProperty("response").GetString());
        Assert.Equal("Ok", second.GetProperty("status").GetString());

        var snapshot = await server.Client.GetJsonAsync($"/api/v1/projects/{server.Project}/snapshots/{rxid}", server.Token);
        Assert.Equal("@backtrace/node", snapshot.GetProperty("agent").GetString());
        Assert.Equal("nodejs", snapshot.GetProperty("language").GetString());
        Assert.Equal("node-e2e", snapshot.GetProperty("application").GetString());
        Assert.Equal(marker, snapshot.GetProperty("attributes").GetProperty("marker").GetString());
        Assert.Equal("TypeError", snapshot.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains(marker, snapshot.GetProperty("error").GetProperty("message").GetString());
        var faulting = snapshot.GetProperty("threads")[0];
        Assert.True(faulting.GetProperty("faulted").GetBoolean());
        Assert.Equal("parseInvoice", faulting.GetProperty("frames")[0].GetProperty("function").GetString());

        // The file the application attached travels beside the report and is kept with the snapshot.
        var attachments = await server.Client.GetJsonAsync($"/api/v1/projects/{server.Project}/snapshots/{rxid}/attachments", server.Token);
        var attached = Assert.Single(attachments.GetProperty("attachments").EnumerateArray(), a => a.GetProperty("name").GetString() == Path.GetFileName(log));
        using var download = await server.Client.SendAsync(HttpMethod.Get, attached.GetProperty("url").GetString()!, server.Token);
        Assert.Equal($"GET /invoice/{marker} 500\n", await download.Content.ReadAsStringAsync());

        // Two reports of the same error from the same code form one group of two.
        var groups = await server.Client.GetJsonAsync($"/api/v1/projects/{server.Project}/groups?limit=500", server.Token);
        var group = Assert.Single(groups.GetProperty("groups").EnumerateArray(), g => g.GetProperty("callstack")[0].GetString()!.Contains("parseInvoice"));
        Assert.Equal(2, group.GetProperty("count").GetInt64());
    }

    private async Task<(JsonElement Result, string Output)> RunClientAsync(string marker, string? attach)
    {
        var directory = RepositoryFiles.PathOf(Path.Combine("tests", "node"));
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules", "@backtrace", "node")),
            "tests/node/node_modules is missing: run scripts/install-test-deps.sh");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("submit-with-backtrace-node.js");
        start.ArgumentList.Add(server.Server.BaseAddress.ToString().TrimEnd('/'));
        start.ArgumentList.Add(server.Token);
        start.ArgumentList.Add(marker);
        if (attach is not null)
        {
            start.ArgumentList.Add(attach);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"the Node client did not finish in 120 s: {await stdout} {await stderr}");
        }

        var output = $"exit {process.ExitCode}; stdout: {await stdout}; stderr: {await stderr}";
        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"the Node client printed nothing: {output}");
        return (JsonDocument.Parse(line).RootElement.Clone(), output);
    }
}
