using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Backtrace.Gateway.Tests.Infrastructure;
using Backtrace.Hydra.Tests.Support;
using Backtrace.TestSupport;
using static Backtrace.Hydra.Tests.EndToEnd.HydraBinary;

namespace Backtrace.Hydra.Tests.EndToEnd;

/// <summary>
/// A snapshot made by the real capture agent from a real process (a tiny C program built during the run),
/// opened in the real hydra binary under tmux: from the file, and fetched from the real server it was submitted to.
/// </summary>
public sealed class AgentSnapshotTests(AgentBuild agent) : IClassFixture<AgentBuild>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AgentCaptureOfAParkedProgram_OpensWithItsWorkersGroupedAndSearchable()
    {
        var crashy = CrashProgram.Build("crashy.c");
        using var program = crashy.Start("park", "3");
        var snapshot = System.IO.Path.Combine(_directory.Path, "parked.json");
        var capture = ProcessRunner.Run(agent.Path, ["capture", "--pid", program.Pid.ToString(), "--output", snapshot], TmuxSession.Timeout);
        Assert.True(capture.ExitCode == 0, $"backtrace-agent exited {capture.ExitCode}: {capture.StandardError}");

        using var tmux = new TmuxSession($"{Quote(HydraBinary.Path)} {Quote(snapshot)}");

        // No thread faulted (the program is parked), so hydra opens on the main thread; the three workers park in
        // identical stacks and show as one group.
        tmux.WaitFor($"│S {program.Pid} crashy ", "crashy x3", "park+0x", $"crashy.c:{crashy.LineOf("static void park(void)")}", "q quit");
        tmux.Send("1", "j");
        tmux.WaitFor("1 Threads *", "worker_inner+0x", "worker_outer+0x");
        tmux.Send("/");
        tmux.Type("worker_outer");
        tmux.Send("Enter");
        tmux.WaitFor("/worker_outer: match 1 of 3");
        tmux.Send("n");
        tmux.WaitFor("/worker_outer: match 2 of 3");
        tmux.Send("N", "N");
        tmux.WaitFor("/worker_outer: match 3 of 3");
        tmux.Send("q");
        Assert.Equal(0, tmux.WaitForExit());
    }

    [Fact]
    public void AgentCaptureOfACrash_OpensOnTheFaultingFrame_WithSourceThroughThePathMap_AndDisassemblyAtThePc()
    {
        var build = CrashProgram.Build("crashy.c");
        var buildDirectory = System.IO.Path.GetDirectoryName(build.Path)!;
        var core = KernelCore.Produce(build.Path, System.IO.Path.Combine(_directory.Path, "cores"), "crash", "2");
        var snapshot = System.IO.Path.Combine(_directory.Path, "crash.json");
        var capture = ProcessRunner.Run(agent.Path, ["capture", "--core", core.Path, "--exe", build.Path, "--output", snapshot], TmuxSession.Timeout);
        File.Delete(core.Path);
        Assert.True(capture.ExitCode == 0, $"backtrace-agent exited {capture.ExitCode}: {capture.StandardError}");

        // A checkout elsewhere whose crash line is marked: only the path map leads hydra to it.
        var checkout = System.IO.Path.Combine(_directory.Path, "checkout");
        System.IO.Directory.CreateDirectory(checkout);
        var crashLine = build.LineOf("void crash_here(int *volatile p)");
        var lines = File.ReadAllLines(build.SourcePath);
        lines[crashLine - 1] = lines[crashLine - 1].Replace("__attribute__((noinline))", "/*checkout*/", StringComparison.Ordinal);
        File.WriteAllLines(System.IO.Path.Combine(checkout, "crashy.c"), lines);

        using var tmux = new TmuxSession($"{Quote(HydraBinary.Path)} {Quote(snapshot)} --source-map {Quote($"{buildDirectory}={checkout}")}");

        var screen = tmux.WaitFor($"│F {core.Pid} crashy", $"2 Stack thread {core.Pid} *", $"4 Source crashy.c:{crashLine}",
            $"> {crashLine} /*checkout*/ void crash_here", $"thread {core.Pid} crashy | #0 crash_here+0x");
        var pc = System.Text.RegularExpressions.Regex.Match(screen, @"\| pc 0x([0-9a-f]+) \|").Groups[1].Value;
        Assert.NotEqual("", pc);

        tmux.Send("]");
        tmux.WaitFor("4 Disassembly crash_here", $">{pc} mov");

        tmux.Send("q");
        Assert.Equal(0, tmux.WaitForExit());
    }

    [Fact]
    public async Task AgentCaptureSubmittedToTheRealServer_IsFetchedById_AndBadTokenOrUnknownIdSaySo()
    {
        var snapshot = System.IO.Path.Combine(_directory.Path, "submitted.json");
        using (var program = CrashProgram.Build("crashy.c").Start("park", "2"))
        {
            var capture = ProcessRunner.Run(agent.Path, ["capture", "--pid", program.Pid.ToString(), "--output", snapshot], TmuxSession.Timeout);
            Assert.True(capture.ExitCode == 0, $"backtrace-agent exited {capture.ExitCode}: {capture.StandardError}");
        }

        var body = File.ReadAllBytes(snapshot);
        using var document = JsonDocument.Parse(body);
        var id = document.RootElement.GetProperty("uuid").GetGuid();
        var pid = document.RootElement.GetProperty("process").GetProperty("pid").GetInt32();

        var data = ServerOptions.NewDataDirectory();
        try
        {
            await using var server = await ServerProcess.StartAsync(new ServerOptions { DataDirectory = data, Project = "hydra-e2e" });
            var url = server.BaseAddress.ToString().TrimEnd('/');
            await SubmitAsync(server, body);

            using (var tmux = new TmuxSession(
                $"{Quote(HydraBinary.Path)} --server {Quote(url)} --token {Quote(server.Options.Token)} --project hydra-e2e {id}"))
            {
                tmux.WaitFor($"│S {pid} crashy ", "crashy x2", "park+0x", "q quit");
                tmux.Send("q");
                Assert.Equal(0, tmux.WaitForExit());
            }

            var (badToken, _, badTokenError) = Run("--server", url, "--token", "not-a-token", "--project", "hydra-e2e", id.ToString());
            Assert.Equal(1, badToken);
            Assert.StartsWith($"error: {url}/ rejected the token (401 Unauthorized)", badTokenError);
            Assert.EndsWith(": check --token or BACKTRACE_TOKEN", badTokenError.TrimEnd());

            var unknown = Guid.NewGuid();
            var (notFound, _, notFoundError) = Run("--server", url, "--token", server.Options.Token, "--project", "hydra-e2e", unknown.ToString());
            Assert.Equal(1, notFound);
            Assert.StartsWith($"error: snapshot {unknown} was not found in project 'hydra-e2e' on {url}/ (404 Not Found)", notFoundError);
            Assert.DoesNotContain(" at Backtrace", badTokenError + notFoundError);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task SubmitAsync(ServerProcess server, byte[] body)
    {
        using var client = server.CreateClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects/hydra-e2e/snapshots") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Options.Token);
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted,
            $"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
