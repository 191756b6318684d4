using Backtrace.Hydra.Tests.Support;
using Backtrace.TestSupport;
using static Backtrace.Hydra.Tests.EndToEnd.HydraBinary;

namespace Backtrace.Hydra.Tests.EndToEnd;

/// <summary>
/// A snapshot made by the real capture agent from a real process (a tiny C program built during the run),
/// opened in the real hydra binary under tmux.
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
        tmux.Send("q");
        Assert.Equal(0, tmux.WaitForExit());
    }
}
