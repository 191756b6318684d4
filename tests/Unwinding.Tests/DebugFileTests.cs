using Backtrace.NativeTargets;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Target;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Unwinding.Tests;

/// <summary>Separate debug files by .gnu_debuglink (CRC checked), path mappings, and build-id mismatches, on live processes.</summary>
public sealed class DebugFileTests : IDisposable
{
    private readonly ModuleCache _cache = new();

    [Theory]
    [InlineData("")]
    [InlineData(".debug")]
    public void StrippedProgram_GetsSymbolsAndLinesFromItsDebuglink(string subdirectory)
    {
        var program = SplitDebug($"split{subdirectory.Length}", subdirectory);
        using var process = StoppedProcess.Start(program, ["chain"]);
        var capture = LiveCapture.Take(process.Pid);
        var unwinder = new ProcessUnwinder(capture.Process, _cache);
        var frames = unwinder.Walk(capture.Threads[0].Registers).Frames;
        var chain = frames.Find(f => f.Function == "chain_b");
        Assert.NotNull(chain);
        Assert.EndsWith("stacks.c", chain!.File);
        Assert.True(chain.Line > 0);
        var module = unwinder.Modules.First(m => m.Target.Path == program);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(program)!, subdirectory, Path.GetFileName(program) + ".debug"), module.Image!.DebugFilePath);
    }

    [Fact]
    public void DebugFileWithTheWrongCrc_IsRefusedWithAReason()
    {
        var program = SplitDebug("badcrc", "");
        File.AppendAllText(program + ".debug", "tampered");
        using var cache = new ModuleCache();
        var loaded = cache.Load(program, default);
        Assert.Null(loaded.Image!.DebugFilePath);
        Assert.Contains("CRC", loaded.Image.DebugFileProblem);
    }

    [Fact]
    public void PathMapping_FindsFilesOfACoreFromAnotherMachine()
    {
        var program = NativeProgram.Build("stacks.c", "-O2", "-g");
        using var process = StoppedProcess.Start(program, ["chain"]);
        var capture = LiveCapture.Take(process.Pid);
        var elsewhere = "/elsewhere/bin/" + Path.GetFileName(program);
        var mappings = capture.Process.Mappings.Select(m => m.Path == program ? m with { Path = elsewhere } : m).ToList();
        var moved = new CapturedProcess(capture.Process.Memory, mappings);
        using var cache = new ModuleCache(new ModuleCacheOptions { PathMappings = [new PathMapping("/elsewhere/bin", Path.GetDirectoryName(program)!)] });
        var frames = new ProcessUnwinder(moved, cache).Walk(capture.Threads[0].Registers).Frames;
        Assert.Contains(frames, f => f.Function == "chain_a" && f.Module == elsewhere);
    }

    [Fact]
    public void BuildIdMismatch_IsReportedWithTheDiskBuildId()
    {
        var program = NativeProgram.Build("stacks.c", "-O2", "-g");
        using var process = StoppedProcess.Start(program, ["chain"]);
        var capture = LiveCapture.Take(process.Pid);
        var stale = new byte[20];
        stale[0] = 0xab;
        var modules = TargetModule.ListFromMappings(capture.Process.Mappings)
            .Select(m => m.Path == program ? new TargetModule(m.Path, m.Start, m.End) { BuildId = stale } : m).ToList();
        var unwinder = new ProcessUnwinder(new CapturedProcess(capture.Process.Memory, capture.Process.Mappings, modules), _cache);
        var module = unwinder.Modules.First(m => m.Target.Path == program);
        Assert.Contains("build-id", module.Problem);
        var snapshot = module.ToSnapshotModule();
        Assert.Equal(Convert.ToHexStringLower(stale), snapshot.BuildId);
        Assert.Equal(module.Image!.BuildIdHex, snapshot.DiskBuildId);
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>objcopy --only-keep-debug, strip, --add-gnu-debuglink: the distribution way of shipping debug files.</summary>
    private static string SplitDebug(string name, string subdirectory)
    {
        var built = NativeProgram.Build("stacks.c", "-O2", "-g");
        var directory = Path.Combine(NativeProgram.OutputDirectory, name);
        Directory.CreateDirectory(Path.Combine(directory, subdirectory));
        var program = Path.Combine(directory, "stripped");
        var debug = Path.Combine(directory, subdirectory, "stripped.debug");
        ExternalTool.Check("objcopy", "--only-keep-debug", built, debug);
        ExternalTool.Check("objcopy", "--strip-debug", "--strip-unneeded", built, program);
        ExternalTool.Check("objcopy", $"--add-gnu-debuglink={debug}", program);
        return program;
    }
}
