using Backtrace.Hydra.Tests.Support;
using static Backtrace.Hydra.Tests.EndToEnd.HydraBinary;

namespace Backtrace.Hydra.Tests.EndToEnd;

/// <summary>The real binary in a real terminal (tmux), driven by keys and read back with capture-pane.</summary>
public sealed class HydraTerminalTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _snapshot;

    public HydraTerminalTests()
    {
        _directory.WriteFile("src/demo.c", string.Join('\n', TestSnapshots.DemoSource));
        _snapshot = TestSnapshots.Write(TestSnapshots.Crash(), _directory.Path);
    }

    public void Dispose() => _directory.Dispose();

    private string Command(string extra = "") =>
        $"{Quote(HydraBinary.Path)} {Quote(_snapshot)} --source-map {Quote($"{TestSnapshots.BuildDirectory}={_directory.Path}/src")} {extra}";

    [Fact]
    public void Opens_OnTheFault_NavigatesSearchesShowsHelp_AndQuits()
    {
        using var tmux = new TmuxSession(Command());

        tmux.WaitFor("2 Stack thread 4242 *", "│F 4242 demo", "> 7         *p = 42; /* the fault */",
            "thread 4242 demo | #0 crash+0x6 demo.c:7 | pc 0x401136 | SIGSEGV at 0x10");

        tmux.Send("j");
        tmux.WaitFor("thread 4242 demo | #1 main+0x10 demo.c:12");

        tmux.Send("]");
        tmux.WaitFor(">4011fb call");

        tmux.Send("/");
        tmux.Type("io_loop");
        tmux.Send("Enter");
        tmux.WaitFor("/io_loop: match 1 of 1", "thread 4246 io | #1 io_loop+0x20 io.c:30");

        tmux.Send("1");
        tmux.WaitFor("1 Threads *");

        tmux.Send("?");
        tmux.WaitFor("Help (? or Esc to close)");
        tmux.Send("Escape");
        tmux.WaitFor(s => !s.Contains("Help (? or Esc", StringComparison.Ordinal), "the help to close");

        tmux.Send("q");
        Assert.Equal(0, tmux.WaitForExit());
    }

    [Fact]
    public void Monochrome_SendsNoColours_AndResizeRelaysOut()
    {
        using var tmux = new TmuxSession(Command(), new Dictionary<string, string> { ["NO_COLOR"] = "1" });
        tmux.WaitFor("2 Stack thread 4242 *", "q quit  ? help");

        var escapes = tmux.Capture(withEscapes: true);
        Assert.DoesNotMatch(@"\x1b\[[0-9;]*(3[0-7]|9[0-7]|38;|4[0-7]|10[0-7]|48;)[0-9;]*m", escapes);
        Assert.Contains("\u001b[7m", escapes);

        tmux.Resize(100, 30);
        tmux.WaitFor(s => s.Split('\n') is var rows && rows.Length >= 30 && rows[28].StartsWith("thread 4242 demo", StringComparison.Ordinal) &&
            rows[1].TrimEnd().Length == 100, "the context line on row 29 of 30 and the panes 100 columns wide");

        tmux.Send("q");
        Assert.Equal(0, tmux.WaitForExit());
    }

    [Fact]
    public async Task Server_FetchesTheSnapshotByIdWithTheTokenFromTheEnvironment()
    {
        await using var server = new TestHttpServer();
        server.Respond = (head, stream, token) => head.Contains("Authorization: Bearer env-token\r\n", StringComparison.Ordinal)
            ? TestHttpServer.Reply(stream, 200, "application/json", File.ReadAllBytes(_snapshot), token)
            : TestHttpServer.Problem(stream, 401, "bad token", token);
        var id = TestSnapshots.Crash().Uuid;

        using var tmux = new TmuxSession($"{Quote(HydraBinary.Path)} --server {server.Address} --project demo {id}",
            new Dictionary<string, string> { ["BACKTRACE_TOKEN"] = "env-token" });

        tmux.WaitFor("2 Stack thread 4242 *");
        Assert.StartsWith($"GET /api/v1/projects/demo/snapshots/{id:D}?view=analysed ", Assert.Single(server.Requests));
        tmux.Send("q");
        Assert.Equal(0, tmux.WaitForExit());

        var (code, _, error) = Run("--server", server.Address.ToString(), "--project", "demo", "--token", "wrong", id.ToString());
        Assert.Equal(1, code);
        Assert.Equal($"error: {server.Address} rejected the token (401 Unauthorized) (bad token): check --token or BACKTRACE_TOKEN", error.TrimEnd());
    }

    [Fact]
    public void MissingFile_PrintsOneErrorLine_AndExitsWithOne()
    {
        var missing = System.IO.Path.Combine(_directory.Path, "missing.json");

        var (code, output, error) = Run(missing);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"error: {missing}: no such file", error.TrimEnd());
    }

    [Fact]
    public void InvalidSnapshot_NamesTheBadField()
    {
        var bad = _directory.WriteFile("bad.json", """{"version":1,"threads":[{"tid":1,"frames":[{"pc":true}]}]}""");

        var (code, _, error) = Run(bad);

        Assert.Equal(1, code);
        Assert.StartsWith($"error: {bad} is not a valid snapshot: $.threads[0].frames[0].pc: an address must be a \"0x...\" hex string, not true", error);
        Assert.DoesNotContain(" at Backtrace", error);
    }

    [Fact]
    public void HostileSnapshot_ListsEveryProblemByPath_WithoutAStackTrace()
    {
        var bad = _directory.WriteFile("hostile.json", """
            {"version":1,"uuid":"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01","timestamp":"2026-11-25T12:00:00Z",
             "threads":[null,{"tid":2,"frames":[null]}],"modules":[null]}
            """);

        var (code, output, error) = Run(bad);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal(
            $"""
            error: {bad} is not a valid snapshot (3 problems):
              $.threads[0]: must be an object, not null
              $.threads[1].frames[0]: must be an object, not null
              $.modules[0]: must be an object, not null
            """,
            error.TrimEnd().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void WithoutATerminal_SaysItNeedsOne()
    {
        var (code, _, error) = Run(_snapshot);

        Assert.Equal(1, code);
        Assert.Equal("error: hydra is interactive and needs a terminal: standard input and output must not be redirected", error.TrimEnd());
    }
}
