using System.IO.Compression;
using Backtrace.Snapshots.Json;
using Backtrace.TestSupport;

namespace Backtrace.CaptureAgent.Tests;

/// <summary>The core_pattern path: hook install, a real crash piped by the kernel, hook uninstall.</summary>
[Collection(AgentCollection.Name)]
public sealed class HookTests(PublishedAgent agent)
{
    [Fact]
    public void Hook_CrashThroughCorePattern_SnapshotInOutboxMatchesEuStackOnTheKeptCore()
    {
        var root = Path.Combine(agent.Directory, $"hook-{Guid.NewGuid():N}"[..16]);
        var outbox = Path.Combine(root, "outbox");
        var kept = Path.Combine(root, "cores");
        // core_pattern holds 127 bytes: keep the configuration path short.
        var configuration = $"/tmp/bt-hook-{Guid.NewGuid():N}"[..21] + ".json";
        var program = CrashProgram.Build("crashy.c");
        using var patternLock = CorePatternLock.Acquire(TimeSpan.FromMinutes(3));
        try
        {
            var install = agent.Run("hook", "install", "-c", configuration, "--outbox", outbox, "--keep-core", kept, "--kv", "source=hook-test");
            Assert.True(install.ExitCode == 0, install.StandardError);
            Assert.StartsWith($"|{agent.Path} on-crash -c {configuration} ", CorePatternLock.Current);
            Assert.Contains("hook: installed", agent.Run("hook", "status", "-c", configuration).StandardOutput);

            var crash = ProcessRunner.Run(program.Path, ["crash", "3"], TimeSpan.FromMinutes(1));
            Assert.NotEqual(0, crash.ExitCode);

            var file = WaitForSnapshot(outbox);
            using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var json = new MemoryStream();
            gzip.CopyTo(json);
            var snapshot = SnapshotJson.Deserialize(json.ToArray());
            var core = Assert.Single(Directory.GetFiles(kept));

            Assert.Equal("core_pattern", snapshot.Capture!.Source);
            Assert.Equal("SIGSEGV", snapshot.Fault!.SignalName);
            Assert.Equal("SEGV_MAPERR", snapshot.Fault.CodeName);
            Assert.Equal("hook-test", snapshot.Attributes["source"].AsString);
            Assert.Equal(program.Path, snapshot.Process!.Executable);
            Assert.Equal(["crash", "3"], snapshot.Process.CommandLine.Skip(1));
            Assert.NotEmpty(snapshot.Environment!.Variables);
            Assert.All(snapshot.Threads, t => Assert.Equal("crashy", t.Name));
            StackAssert.SameAsEuStack(snapshot, EuStack.Core(core, program.Path));
            StackAssert.SameLinesOnEveryThread(snapshot, EuStack.Core(core, program.Path, sourceLines: true), perThread: 3);

            var uninstall = agent.Run("hook", "uninstall", "-c", configuration);
            Assert.True(uninstall.ExitCode == 0, uninstall.StandardError);
            Assert.Equal(patternLock.Previous, CorePatternLock.Current);
        }
        finally
        {
            patternLock.Dispose();
            Directory.Delete(root, recursive: true);
            File.Delete(configuration);
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Hook_Chain_HandsTheWholeCoreAndTheCrashToThePreviousPipeHandler()
    {
        // The previous handler: a script that stores the core from its stdin and then its arguments (renamed into place
        // last, so the test knows the core is complete). The kernel's helper environment has no PATH: absolute paths only.
        var root = $"/tmp/bt-chain-{Guid.NewGuid():N}"[..23];
        var outbox = Path.Combine(root, "outbox");
        var kept = Path.Combine(root, "kept");
        var received = Path.Combine(root, "received");
        var script = Path.Combine(root, "h");
        var configuration = Path.Combine(root, "hook.json");
        Directory.CreateDirectory(received);
        File.WriteAllText(script, $"#!/bin/sh\n/bin/cat > {received}/core.$1 && /bin/echo \"$1 $2 $3\" > {received}/partial && /bin/mv {received}/partial {received}/args.$1\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var program = CrashProgram.Build("crashy.c");
        using var patternLock = CorePatternLock.Acquire(TimeSpan.FromMinutes(3));
        try
        {
            var previous = $"|{script} %p %s %e";
            patternLock.Set(previous);
            var install = agent.Run("hook", "install", "-c", configuration, "--outbox", outbox, "--keep-core", kept, "--chain");
            Assert.True(install.ExitCode == 0, install.StandardError);
            Assert.Contains("chain to previous: yes", agent.Run("hook", "status", "-c", configuration).StandardOutput);

            var crash = ProcessRunner.Run(program.Path, ["crash", "2"], TimeSpan.FromMinutes(1));
            Assert.NotEqual(0, crash.ExitCode);
            var snapshotFile = WaitForSnapshot(outbox);
            var arguments = WaitForFile(received, "args.*");
            var pid = Path.GetExtension(arguments)[1..];

            Assert.Equal($"{pid} 11 crashy", File.ReadAllText(arguments).TrimEnd('\n'));
            var chained = File.ReadAllBytes(Path.Combine(received, $"core.{pid}"));
            var keptCore = File.ReadAllBytes(Assert.Single(Directory.GetFiles(kept)));
            Assert.True(chained.Length > 4096 && chained.AsSpan().SequenceEqual(keptCore), $"the chained handler got {chained.Length} bytes, the kept core has {keptCore.Length}");
            Assert.Equal("\u007fELF"u8.ToArray(), chained[..4]);
            using var gzip = new GZipStream(File.OpenRead(snapshotFile), CompressionMode.Decompress);
            using var json = new MemoryStream();
            gzip.CopyTo(json);
            Assert.Equal(int.Parse(pid), SnapshotJson.Deserialize(json.ToArray()).Process!.Pid);

            Assert.Equal(0, agent.Run("hook", "uninstall", "-c", configuration).ExitCode);
            Assert.Equal(previous, CorePatternLock.Current);
        }
        finally
        {
            patternLock.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Hook_UninstallWithoutInstall_SaysThereIsNothingToRestore()
    {
        var configuration = Path.Combine(agent.Directory, "missing", "hook.json");
        var result = agent.Run("hook", "uninstall", "-c", configuration);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"error: {configuration}: no hook configuration (run `backtrace-agent hook install`)\n", result.StandardError);
    }

    private static string WaitForFile(string directory, string pattern)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.GetFiles(directory, pattern) is [var file])
            {
                return file;
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"no {pattern} in {directory} after 60 s: the chained handler did not finish ({string.Join(", ", Directory.GetFiles(directory))})");
    }

    private static string WaitForSnapshot(string outbox)
    {
        // The kernel runs the handler asynchronously with respect to the crashed process's parent.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(outbox) && Directory.GetFiles(outbox, "*.snapshot.gz") is [var file])
            {
                return file;
            }

            Thread.Sleep(20);
        }

        var log = Path.Combine(outbox, "on-crash.log");
        throw new TimeoutException($"no snapshot in {outbox} after 60 s; handler log: {(File.Exists(log) ? File.ReadAllText(log) : "(none)")}");
    }
}
