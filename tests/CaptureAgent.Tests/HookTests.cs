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
    public void Hook_RunsTheModulesOfItsModuleDirectory_AndTheBuiltInClassifiers_OnCrashesThroughCorePattern()
    {
        var root = $"/tmp/bt-mods-{Guid.NewGuid():N}"[..22];
        var outbox = Path.Combine(root, "outbox");
        var modules = Path.Combine(root, "modules");
        var configuration = Path.Combine(root, "hook.json");
        Directory.CreateDirectory(modules);
        File.WriteAllText(Path.Combine(modules, "a-tag.lua"), """
            local f = bt.fault()
            if f then
              bt.classify("hook-module")
              bt.annotate("comment", "Seen by the hook", f.name .. " in " .. bt.process().name)
            end
            """);
        File.WriteAllText(Path.Combine(modules, "b-broken.lua"), "bt.classify(");
        var program = CrashProgram.Build("crashy.c");
        using var patternLock = CorePatternLock.Acquire(TimeSpan.FromMinutes(3));
        try
        {
            var install = agent.Run("hook", "install", "-c", configuration, "--outbox", outbox, "--module-dir", modules, "--no-cache");
            Assert.True(install.ExitCode == 0, install.StandardError);
            Assert.Contains($"analysis: built-in rules and the Lua modules of {modules} (2 now)", agent.Run("hook", "status", "-c", configuration).StandardOutput);

            // A NULL write: the signal's classifiers, the null dereference, the module's classifier, and the
            // broken module reported without costing the snapshot.
            Assert.NotEqual(0, ProcessRunner.Run(program.Path, ["crash", "2"], TimeSpan.FromMinutes(1)).ExitCode);
            var crash = TakeSnapshot(outbox);
            Assert.Equal("core_pattern", crash.Capture!.Source);
            Assert.Subset(crash.Classifiers.ToHashSet(), new HashSet<string> { "segv", "unmapped", "null-dereference", "hook-module" });
            var seen = Assert.Single(crash.Annotations, a => a.Source == "lua/a-tag");
            Assert.Equal(("Seen by the hook", "SIGSEGV in crashy"), (seen.Name, seen.Text));
            var broken = Assert.Single(crash.Annotations, a => a.Source == "lua/b-broken");
            Assert.Equal("Lua module b-broken failed", broken.Name);
            Assert.Contains(crash.Annotations, a => a.Source == "analysis/null-dereference");

            // abort(): the signal classifier tells a self-raised SIGABRT from one sent by another process.
            Assert.NotEqual(0, ProcessRunner.Run(program.Path, ["abort", "1"], TimeSpan.FromMinutes(1)).ExitCode);
            var abort = TakeSnapshot(outbox);
            Assert.Equal("SIGABRT", abort.Fault!.SignalName);
            Assert.Subset(abort.Classifiers.ToHashSet(), new HashSet<string> { "abort", "self-raised", "hook-module" });
            Assert.DoesNotContain("segv", abort.Classifiers);

            Assert.Equal(0, agent.Run("hook", "uninstall", "-c", configuration).ExitCode);
        }
        finally
        {
            patternLock.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Hook_DoubleFree_KeepsGlibcsAbortMessageAndTheDeadStack_SoTheSnapshotIsClassifiedAsADoubleFree()
    {
        var root = $"/tmp/bt-dfree-{Guid.NewGuid():N}"[..23];
        var outbox = Path.Combine(root, "outbox");
        var configuration = Path.Combine(root, "hook.json");
        var program = CrashProgram.Build("crashy.c");
        using var patternLock = CorePatternLock.Acquire(TimeSpan.FromMinutes(3));
        try
        {
            var install = agent.Run("hook", "install", "-c", configuration, "--outbox", outbox, "--no-modules", "--no-cache");
            Assert.True(install.ExitCode == 0, install.StandardError);

            Assert.NotEqual(0, ProcessRunner.Run(program.Path, ["double-free", "2"], TimeSpan.FromMinutes(1)).ExitCode);
            var snapshot = TakeSnapshot(outbox);

            Assert.Equal("SIGABRT", snapshot.Fault!.SignalName);
            Assert.Subset(snapshot.Classifiers.ToHashSet(), new HashSet<string> { "abort", "self-raised", "double-free", "heap-corruption" });
            Assert.Contains(snapshot.Annotations, a => a.Source == "analysis/glibc-abort" && a.Text?.Contains("free(): double free detected in tcache 2", StringComparison.Ordinal) == true);
            Assert.Contains(snapshot.Memory, r => r.Label == "global:__abort_msg" && r.Bytes.Length == 8);
            var message = Assert.Single(snapshot.Memory, r => r.Label == "deref:__abort_msg");
            Assert.Contains("free(): double free detected in tcache 2", System.Text.Encoding.ASCII.GetString(message.Bytes), StringComparison.Ordinal);
            var faulting = snapshot.Fault.ThreadId;
            var dead = Assert.Single(snapshot.Memory, r => r.Label == $"dead-stack:{faulting}");
            // Up to 16 KiB, ending where the faulting thread's stack region starts (the stack mapping may end sooner).
            var stack = Assert.Single(snapshot.Memory, r => r.Label == $"stack:{faulting}");
            Assert.InRange(dead.Bytes.Length, 1, 16 * 1024);
            Assert.Equal(stack.Address, dead.Address + (ulong)dead.Bytes.Length);

            Assert.Equal(0, agent.Run("hook", "uninstall", "-c", configuration).ExitCode);
        }
        finally
        {
            patternLock.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Waits for the one snapshot in the outbox, reads it and removes it, so the next crash's can be told apart.</summary>
    private static Snapshots.Model.Snapshot TakeSnapshot(string outbox)
    {
        var file = WaitForSnapshot(outbox);
        using var json = new MemoryStream();
        using (var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress))
        {
            gzip.CopyTo(json);
        }

        File.Delete(file);
        return SnapshotJson.Deserialize(json.ToArray());
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
