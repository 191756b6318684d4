using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;
using Backtrace.TestSupport;

namespace Backtrace.CaptureAgent.Tests;

/// <summary><c>backtrace-agent capture</c> against live processes and kernel cores, compared with eu-stack.</summary>
[Collection(AgentCollection.Name)]
public sealed class CaptureCommandTests(PublishedAgent agent)
{
    [Theory]
    [InlineData("crashy.c", CrashProgram.WithoutFramePointers, "park", "10")]
    [InlineData("crashy.c", CrashProgram.WithFramePointers, "park", "10")]
    [InlineData("crashy.c", CrashProgram.WithoutFramePointers, "signal", "2")]
    [InlineData("crashy.c", CrashProgram.WithoutFramePointers, "recurse", "1")]
    [InlineData("throwy.cpp", CrashProgram.WithoutFramePointers, "park")]
    public void CaptureLive_FramesMatchEuStackOnEveryThread(string source, string flags, params string[] arguments)
    {
        using var program = CrashProgram.Build(source, flags).Start(arguments);
        // eu-stack first: it stops and resumes each thread itself, so the capture waits until every thread is parked again.
        var oracle = EuStack.Live(program.Pid, sourceLines: true);
        program.WaitUntilSettled();
        var snapshot = Capture("--pid", program.Pid.ToString());
        StackAssert.SameAsEuStack(snapshot, oracle);
        StackAssert.SameLinesOnEveryThread(snapshot, oracle, perThread: 3);
        Assert.Equal("live", snapshot.Capture!.Source);
        Assert.InRange(snapshot.Capture.StopMicroseconds ?? -1, 1, 10_000_000);
        Assert.All(snapshot.Threads, t => Assert.Contains(snapshot.Memory, m => m.Label == $"stack:{t.Tid}"));
        Assert.Contains(snapshot.Modules, m => m.Path.EndsWith("/libc.so.6", StringComparison.Ordinal) && m.BuildId is { Length: 40 });
        Assert.NotEmpty(snapshot.Mappings);
    }

    [Theory]
    [InlineData(CrashProgram.WithoutFramePointers)]
    [InlineData(CrashProgram.WithFramePointers)]
    public void CaptureLive_ThreadThatNeverBlocks_HasItsKnownChainAndTheOthersMatchEuStack(string flags)
    {
        using var program = CrashProgram.Build("crashy.c", flags).Start(1, "spin", "3");
        var oracle = EuStack.Live(program.Pid);
        program.WaitUntilSettled(busyThreads: 1);
        var running = program.ThreadsNotParked();
        var snapshot = Capture("--pid", program.Pid.ToString());

        StackAssert.SameAsEuStack(snapshot, oracle, running);
        var spinner = Assert.Single(snapshot.Threads, t => running.Contains(t.Tid));
        var names = spinner.Frames.Where(f => !f.Inlined).Select(f => f.Function).ToList();
        Assert.True(names.SequenceEqual(["spin_inner", "spin_outer", "extra_thread", "start_thread", "__clone3"]), string.Join(" > ", names));
        Assert.Equal("running", spinner.State);
    }

    [Fact]
    public void CaptureLive_FaultQueuedForAThread_IsTheSnapshotsFault()
    {
        using var program = CrashProgram.Build("crashy.c").Start("pending", "2");
        var snapshot = Capture("--pid", program.Pid.ToString());
        Assert.Equal(("SIGSEGV", "SEGV_MAPERR", 0x10UL), (snapshot.Fault!.SignalName, snapshot.Fault.CodeName, snapshot.Fault.Address));
        var faulted = Assert.Single(snapshot.Threads, t => t.Faulted);
        Assert.Equal(faulted.Tid, snapshot.Fault.ThreadId);
        Assert.Contains(faulted.Frames, f => f.Function == "pending_fault");
    }

    [Theory]
    [InlineData(CrashProgram.WithoutFramePointers, "crash", "4")]
    [InlineData(CrashProgram.WithFramePointers, "crash", "4")]
    [InlineData(CrashProgram.WithoutFramePointers, "signal-crash", "1")]
    [InlineData(CrashProgram.WithoutFramePointers, "abort", "2")]
    public void CaptureCore_FramesAndLinesMatchEuStack(string flags, params string[] arguments)
    {
        var program = CrashProgram.Build("crashy.c", flags);
        var core = KernelCore.Produce(program.Path, Path.Combine(agent.Directory, "cores"), arguments);
        var snapshot = Capture("--core", core.Path, "--exe", program.Path);
        StackAssert.SameAsEuStack(snapshot, EuStack.Core(core.Path, program.Path));
        StackAssert.SameLinesOnEveryThread(snapshot, EuStack.Core(core.Path, program.Path, sourceLines: true), perThread: 3);
        Assert.Equal(core.Pid, snapshot.Fault!.ThreadId);
        Assert.Equal(arguments[0] == "abort" ? "SIGABRT" : "SIGSEGV", snapshot.Fault.SignalName);
        Assert.True(snapshot.FaultingThread!.Faulted);
        Assert.Equal(arguments[0] == "abort" ? "SI_TKILL" : "SEGV_MAPERR", snapshot.Fault.CodeName);
        File.Delete(core.Path);
    }

    [Fact]
    public void CaptureCore_CxxUncaughtException_FramesMatchEuStack()
    {
        var program = CrashProgram.Build("throwy.cpp");
        var core = KernelCore.Produce(program.Path, Path.Combine(agent.Directory, "cores"), "terminate");
        var snapshot = Capture("--core", core.Path);
        StackAssert.SameAsEuStack(snapshot, EuStack.Core(core.Path, program.Path));
        Assert.Equal("SIGABRT", snapshot.Fault!.SignalName);
        Assert.Equal(core.Pid, snapshot.Fault.SenderPid);
        File.Delete(core.Path);
    }

    [Fact]
    public void CaptureLive_Print_ShowsEveryThreadLikeGdb()
    {
        using var program = CrashProgram.Build("crashy.c").Start("park", "3");
        var result = agent.Run("capture", "--pid", program.Pid.ToString(), "--print");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Process {program.Pid} (crashy)", result.StandardOutput);
        Assert.Equal(4, result.StandardOutput.Split('\n').Count(l => l.StartsWith("Thread ", StringComparison.Ordinal)));
        Assert.Contains(" in worker_outer", result.StandardOutput);
    }

    [Fact]
    public void CaptureLive_MetadataGlobalsAndScrubbing_AreInTheSnapshot()
    {
        using var program = CrashProgram.Build("crashy.c").Start(new Dictionary<string, string> { ["DB_PASSWORD"] = "s3cret", ["COLOR"] = "blue" }, "park", "1");
        var defaults = Path.Combine(agent.Directory, "defaults.conf");
        File.WriteAllText(defaults, "# comment\ndatacenter=eu-west\nreplicas=3\n");
        var snapshot = Capture("--pid", program.Pid.ToString(), "--kv", "build=1234", "--kv", "canary=true", "--defaults", defaults,
            "--application", "crashy-app", "--application-version", "2.1", "--global", "sink", "--scrub", "COL*");
        Assert.Equal("eu-west", snapshot.Attributes["datacenter"].AsString);
        Assert.Equal(3, snapshot.Attributes["replicas"].AsNumber);
        Assert.Equal(1234, snapshot.Attributes["build"].AsNumber);
        Assert.True(snapshot.Attributes["canary"].AsBoolean);
        Assert.Equal(("crashy-app", "2.1"), (snapshot.Application, snapshot.ApplicationVersion));
        Assert.Equal("[scrubbed]", snapshot.Environment!.Variables["DB_PASSWORD"]);
        Assert.Equal("[scrubbed]", snapshot.Environment.Variables["COLOR"]);
        var global = Assert.Single(snapshot.Memory, m => m.Label == "global:sink");
        Assert.Equal(4, global.Bytes.Length);
        Assert.NotNull(snapshot.Host?.Hostname);
        Assert.NotEmpty(snapshot.Environment.System);
    }

    [Fact]
    public void CaptureLive_NoSuchProcess_ExitsNotFoundWithOneLine()
    {
        var result = agent.Run("capture", "--pid", "2147483000");
        Assert.Equal((3, "error: no process with pid 2147483000\n"), (result.ExitCode, result.StandardError));
    }

    [Fact]
    public void CaptureLive_AsNobodyAgainstRoot_ExitsPermissionDenied()
    {
        using var program = CrashProgram.Build("crashy.c").Start("park");
        var result = ProcessRunner.Run("runuser", ["-u", "nobody", "--", agent.Path, "capture", "--pid", program.Pid.ToString()], TimeSpan.FromMinutes(1));
        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith($"error: not permitted to trace process {program.Pid}", result.StandardError);
    }

    [Fact]
    public void CaptureCore_EmptyFile_ExitsInvalidInput()
    {
        var empty = Path.Combine(agent.Directory, "empty.core");
        File.WriteAllBytes(empty, []);
        var result = agent.Run("capture", "--core", empty);
        Assert.Equal((5, "error: the file is empty, not a core\n"), (result.ExitCode, result.StandardError));
    }

    [Fact]
    public void Capture_BadUsage_ExitsUsageError()
    {
        var result = agent.Run("capture", "--exe", "/bin/true");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: give exactly one of --pid N or --core FILE\n", result.StandardError);
    }

    private Snapshot Capture(params string[] arguments)
    {
        var output = Path.Combine(agent.Directory, $"snapshot-{Guid.NewGuid():N}.json");
        var result = agent.Run(["capture", .. arguments, "--output", output]);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        return SnapshotJson.Deserialize(File.ReadAllBytes(output));
    }
}
