using Backtrace.NativeTargets;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Unwinding.Tests;

/// <summary>Modules of a real process matched with their files, debug files and in-memory images.</summary>
public sealed class ModuleResolutionTests : IDisposable
{
    private readonly ModuleCache _cache = new();

    [Fact]
    public void Modules_IncludeTheVdsoReadFromMemoryAndLibcWithItsDebugFile()
    {
        using var process = StoppedProcess.Start(NativeProgram.Build("stacks.c", "-O2", "-g"), ["chain"]);
        var capture = LiveCapture.Take(process.Pid);
        var modules = new ProcessUnwinder(capture.Process, _cache).Modules;

        var vdso = Assert.Single(modules, m => m.Target.Path == "[vdso]");
        Assert.NotNull(vdso.Image);
        Assert.NotNull(vdso.Image!.BuildIdHex);
        Assert.Equal(vdso.Target.Start, vdso.LoadBias);

        var libc = Assert.Single(modules, m => m.Target.Path.Contains("libc.so.6"));
        Assert.Null(libc.Problem);
        var expectedId = ExternalTool.Check("readelf", "-n", libc.Image!.Path).Split("Build ID: ")[1][..40];
        Assert.Equal(expectedId, libc.Image.BuildIdHex);
        Assert.Equal($"/usr/lib/debug/.build-id/{expectedId[..2]}/{expectedId[2..]}.debug", libc.Image.DebugFilePath);
        Assert.Equal(expectedId, libc.ToSnapshotModule().BuildId);
        Assert.Null(libc.ToSnapshotModule().DiskBuildId);
    }

    [Fact]
    public void TryFindSymbol_ReturnsTheTargetAddressOfAGlobal()
    {
        using var process = StoppedProcess.Start(NativeProgram.Build("stacks.c", "-O2", "-g"), ["chain"]);
        var capture = LiveCapture.Take(process.Pid);
        var unwinder = new ProcessUnwinder(capture.Process, _cache);
        Assert.True(unwinder.TryFindSymbol("chain_b", out var address, out var size));
        Assert.True(size > 0);
        Assert.Equal("chain_b", unwinder.Symbolize(address)[0].Function);
        Assert.Equal(0UL, unwinder.Symbolize(address)[0].FunctionOffset);
        Assert.False(unwinder.TryFindSymbol("no_such_symbol_anywhere", out _, out _));
    }

    public void Dispose() => _cache.Dispose();
}
