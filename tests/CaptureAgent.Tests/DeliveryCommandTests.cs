using System.Net;
using System.Net.Sockets;
using System.Text;
using Backtrace.TestSupport;

namespace Backtrace.CaptureAgent.Tests;

/// <summary>capture --submit, submit and run against a real HTTP listener on 127.0.0.1.</summary>
[Collection(AgentCollection.Name)]
public sealed class DeliveryCommandTests(PublishedAgent agent)
{
    [Fact]
    public async Task CaptureSubmit_ServerDown_QueuesThenRunDeliversIt()
    {
        var outbox = Path.Combine(agent.Directory, $"outbox-{Guid.NewGuid():N}");
        var port = FreePort();
        using var program = CrashProgram.Build("crashy.c").Start("park", "1");

        var down = agent.Run("capture", "--pid", program.Pid.ToString(), "--submit", $"http://127.0.0.1:{port}", "--project", "demo", "--token", "t0k", "--outbox", outbox);
        Assert.Equal(7, down.ExitCode);
        Assert.Contains("queued as", down.StandardError);
        Assert.Single(Directory.GetFiles(outbox, "*.snapshot.gz"));

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = Task.Run(() =>
        {
            var context = listener.GetContext();
            var request = (context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], context.Request.Headers["Content-Encoding"]);
            context.Response.StatusCode = 202;
            context.Response.Close();
            return request;
        });

        var run = agent.Run("run", "--once", "--submit", $"http://127.0.0.1:{port}", "--project", "demo", "--token", "t0k", "--outbox", outbox);
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(("/api/v1/projects/demo/snapshots", "Bearer t0k", "gzip"), await received.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(Directory.GetFiles(outbox, "*.snapshot.gz"));
    }

    [Fact]
    public void Submit_NotASnapshot_SaysWhy()
    {
        var file = Path.Combine(agent.Directory, "not-a-snapshot.json");
        File.WriteAllText(file, "{\"version\": \"one\"}", Encoding.UTF8);
        var result = agent.Run("submit", file, "--submit", "http://127.0.0.1:9", "--project", "p", "--token", "t");
        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith($"error: {file}: not a snapshot: ", result.StandardError);
    }

    [Fact]
    public void Submit_WithoutToken_IsAUsageError()
    {
        var result = agent.Run("submit", "/dev/null", "--submit", "http://127.0.0.1:9", "--project", "p");
        Assert.Equal((2, "error: a submission token is required (--token TOKEN or BACKTRACE_TOKEN)\n"), (result.ExitCode, result.StandardError));
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
