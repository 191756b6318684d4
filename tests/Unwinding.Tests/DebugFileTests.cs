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

    [Fact]
    public void ChangedFileOnDisk_IsReplacedByTheDebugFileWithTheTargetsBuildId()
    {
        var current = NativeProgram.Build("stacks.c", "-O2", "-g");
        var older = NativeProgram.Build("stacks.c", "-O1", "-g");
        string olderId;
        using (var file = Elf.ElfFile.Open(older))
        {
            olderId = Convert.ToHexStringLower(file.BuildId!);
        }

        var root = Path.Combine(NativeProgram.OutputDirectory, "debug-root-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Path.Combine(root, ".build-id", olderId[..2]));
        var debug = Path.Combine(root, ".build-id", olderId[..2], olderId[2..] + ".debug");
        ExternalTool.Check("objcopy", "--only-keep-debug", older, debug);

        using var cache = new ModuleCache(new ModuleCacheOptions { DebugDirectories = [root] });
        var loaded = cache.Load(current, Convert.FromHexString(olderId));
        Assert.Equal(debug, loaded.Image!.Path);
        Assert.Equal(olderId, loaded.Image.BuildIdHex);
        Assert.Contains("using " + debug, loaded.Problem);
        Assert.True(loaded.Image.TryFindSymbolByName("chain_b", out var symbol) && symbol.Size > 0);
    }

    [Fact]
    public void ModuleList_LeavesOutFilesWithoutCode()
    {
        var modules = TargetModule.ListFromMappings(
        [
            new MappedRegion(0x1000, 0x2000, 0, RegionPermissions.Read, "/usr/lib/locale/locale-archive"),
            new MappedRegion(0x10000, 0x11000, 0, RegionPermissions.Read, "/lib/libx.so"),
            new MappedRegion(0x11000, 0x13000, 0x1000, RegionPermissions.Read | RegionPermissions.Execute, "/lib/libx.so"),
            new MappedRegion(0x13000, 0x14000, 0, RegionPermissions.Read | RegionPermissions.Write, null),
            new MappedRegion(0x20000, 0x22000, 0, RegionPermissions.Read | RegionPermissions.Execute, "[vdso]"),
            new MappedRegion(0x30000, 0x31000, 0, RegionPermissions.Read | RegionPermissions.Write, "[stack]"),
        ]);
        Assert.Equal(["/lib/libx.so", "[vdso]"], modules.Select(m => m.Path));
        Assert.Equal((0x10000UL, 0x13000UL), (modules[0].Start, modules[0].End));
        Assert.True(modules[1].ImageInMemory);
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
