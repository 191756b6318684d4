using Backtrace.Capture.Linux;
using Backtrace.Capture.Linux.Hook;
using Backtrace.Capture.Platform;
using Backtrace.TestSupport;

namespace Backtrace.Capture.Tests.Linux;

/// <summary>The core file and core stream front ends against a real kernel core, and against hostile cores.</summary>
public sealed class CoreFileTests(CrashCores cores) : IClassFixture<CrashCores>
{
    private static readonly CaptureOptions Options = new();

    [Fact]
    public void ReadCore_KernelCore_ThreadsRegistersAndFaultAsEuStackAndTheKernelSay()
    {
        using var captured = LinuxPlatform.Instance.ReadCore(cores.Segv.Path, Options);
        var oracle = EuStack.Core(cores.Segv.Path, cores.Program.Path);

        Assert.Equal(oracle.Keys.Order(), captured.Threads.Select(t => t.Tid).Order());
        foreach (var thread in captured.Threads)
        {
            Assert.Equal(oracle[thread.Tid][0].Pc, thread.Registers.Pc);
        }

        Assert.Equal(cores.Segv.Pid, captured.Pid);
        Assert.Equal(cores.Segv.Pid, captured.Threads[0].Tid);
        Assert.True(captured.Threads[0].Faulted);
        Assert.Equal(new Model.CapturedFault(11, 1, 0, null, null, cores.Segv.Pid), captured.Fault);
        Assert.Equal(cores.Program.Path, captured.Process.Executable);
        Assert.Equal("crashy", captured.Process.Name);
        Assert.Equal(ReadElf.BuildId(cores.Program.Path), Convert.ToHexStringLower(captured.Modules.Single(m => m.Path == cores.Program.Path).BuildId!));
        Assert.Empty(captured.Warnings);
    }

    [Fact]
    public void ReadCore_TextOmittedFromTheCore_IsReadFromTheModuleFile()
    {
        using var captured = LinuxPlatform.Instance.ReadCore(cores.Segv.Path, Options);
        var thread = captured.Threads[0];
        var code = new byte[16];
        Assert.True(captured.Memory.TryRead(thread.Registers.Pc, code));
        // A PIE linked by GNU ld places text at file offset == virtual address.
        var module = captured.Modules.Single(m => m.Path == cores.Program.Path);
        var file = File.ReadAllBytes(cores.Program.Path);
        Assert.Equal(file.AsSpan((int)(thread.Registers.Pc - module.Start), 16).ToArray(), code);
    }

    [Fact]
    public void ReadCoreStream_SameCore_KeepsTheSameThreadsAndStacksWithoutTheWholeCore()
    {
        using var file = LinuxPlatform.Instance.ReadCore(cores.Segv.Path, Options);
        using var stream = File.OpenRead(cores.Segv.Path);
        using var streamed = LinuxPlatform.Instance.ReadCoreStream(stream, new CoreStreamContext { Pid = cores.Segv.Pid }, Options);

        Assert.Equal(file.Threads.Select(t => (t.Tid, t.Registers.Pc, t.Registers.Sp)), streamed.Threads.Select(t => (t.Tid, t.Registers.Pc, t.Registers.Sp)));
        Assert.Equal(file.Fault, streamed.Fault);
        foreach (var range in file.SnapshotRanges.Where(r => r.Label.StartsWith("stack:", StringComparison.Ordinal)))
        {
            var expected = new byte[range.Length];
            var actual = new byte[range.Length];
            Assert.True(file.Memory.TryRead(range.Start, expected));
            Assert.True(streamed.Memory.TryRead(range.Start, actual), range.Label);
            Assert.Equal(expected, actual);
        }

        var kept = streamed.Memory.Segments.OfType<Model.ArrayMemorySegment>().Sum(s => (long)s.Length);
        Assert.InRange(kept, 1, new FileInfo(cores.Segv.Path).Length / 4);
    }

    [Fact]
    public void ReadCoreStream_KeepCoreCopy_WritesTheWholeCoreByteForByte()
    {
        var copyPath = Path.Combine(cores.Directory, "kept-copy");
        using (var copy = new TeeStream([("copy", File.Create(copyPath))]))
        using (var stream = File.OpenRead(cores.Segv.Path))
        using (LinuxPlatform.Instance.ReadCoreStream(stream, new CoreStreamContext { Pid = cores.Segv.Pid, CoreCopy = copy }, Options))
        {
        }

        Assert.Equal(File.ReadAllBytes(cores.Segv.Path), File.ReadAllBytes(copyPath));
    }

    [Fact]
    public void ReadCore_EmptyFile_IsNotACore()
    {
        var path = cores.Variant("empty", _ => []);
        AssertInvalid(path, "the file is empty, not a core");
    }

    [Fact]
    public void ReadCore_NotElf_SaysSo()
    {
        var path = cores.Variant("text", _ => "hello, world\n"u8.ToArray());
        AssertInvalid(path, "not an ELF file (no \\x7fELF magic), so not a core");
    }

    [Fact]
    public void ReadCore_AArch64Machine_IsRefusedByName()
    {
        var path = cores.Variant("aarch64", bytes => { bytes[18] = 183; bytes[19] = 0; return bytes; });
        AssertInvalid(path, "the core is for AArch64 (e_machine 183); only x86-64 (62) cores are supported");
    }

    [Fact]
    public void ReadCore_ExecutableNotCore_SaysWhatItIs()
    {
        AssertInvalid(cores.Program.Path, "ELF type 3 (shared object or PIE executable) is not a core file (ET_CORE = 4)");
    }

    [Fact]
    public void ReadCore_TruncatedInsideHeader_SaysSo()
    {
        var path = cores.Variant("header-cut", bytes => bytes[..40]);
        AssertInvalid(path, "truncated: 40 bytes, an ELF header needs 64");
    }

    [Fact]
    public void ReadCore_TruncatedInsideProgramHeaders_SaysSo()
    {
        var path = cores.Variant("phdr-cut", bytes => bytes[..100]);
        var error = Assert.Throws<CaptureException>(() => LinuxPlatform.Instance.ReadCore(path, Options));
        Assert.StartsWith("truncated: the program header table (", error.Message);
    }

    [Fact]
    public void ReadCore_TruncatedInMemory_GivesAPartialCaptureThatSaysWhatIsCut()
    {
        // Keep headers and notes but cut the memory half way: threads survive, memory is partial.
        var path = cores.Variant("memory-cut", bytes => bytes[..(bytes.Length / 2)]);
        using var captured = LinuxPlatform.Instance.ReadCore(path, Options);
        Assert.Equal(5, captured.Threads.Count);
        Assert.Contains(captured.Warnings, w => w.StartsWith("the core is truncated: the segment at 0x", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadCore_CorruptedNotes_NeverCrashes()
    {
        // Overwrite every note header size with garbage: the reader must refuse precisely, not crash or hang.
        var random = new Random(7);
        for (var round = 0; round < 20; round++)
        {
            var path = cores.Variant($"noise-{round}", bytes =>
            {
                for (var i = 0; i < 64; i++)
                {
                    bytes[64 + 56 * 3 + random.Next(4096)] = (byte)random.Next(256);
                }

                return bytes;
            });
            try
            {
                using var captured = LinuxPlatform.Instance.ReadCore(path, Options);
                Assert.NotNull(captured);
            }
            catch (CaptureException e)
            {
                Assert.Equal(CaptureFailure.InvalidInput, e.Failure);
            }
        }
    }

    [Fact]
    public void ReadCore_MissingFile_IsNotFound()
    {
        var error = Assert.Throws<CaptureException>(() => LinuxPlatform.Instance.ReadCore("/nonexistent/core.1", Options));
        Assert.Equal((CaptureFailure.NotFound, "/nonexistent/core.1: no such file"), (error.Failure, error.Message));
    }

    [Fact]
    public void ReadCore_ExecutableMissing_WarnsThatCodeIsMissing()
    {
        var copy = Path.Combine(cores.Directory, "crashy-moved");
        var options = new CaptureOptions { ExecutableOverride = copy };
        using var captured = LinuxPlatform.Instance.ReadCore(cores.Segv.Path, options);
        Assert.Contains(captured.Warnings, w => w == $"module file {copy} could not be opened ({copy}: no such file): its code and read-only data are not in the core");
        Assert.Equal(5, captured.Threads.Count);
    }

    private static void AssertInvalid(string path, string message)
    {
        var error = Assert.Throws<CaptureException>(() => LinuxPlatform.Instance.ReadCore(path, Options));
        Assert.Equal((CaptureFailure.InvalidInput, message), (error.Failure, error.Message));
    }
}
