using System.Buffers.Binary;
using Backtrace.Capture.Linux.ProcFs;
using Backtrace.Capture.Model;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Capture.Linux.Hook;

/// <summary>
/// glibc's fatal message for an aborting process (<c>__abort_msg</c>: "free(): double free detected in tcache 2",
/// ...), read from <c>/proc/PID/mem</c> while the kernel is still dumping it. The core stream cannot keep it
/// reliably: the message lives in a page glibc maps just before aborting, usually below libc's data in the
/// address space and so earlier in the core than the pointer to it, and a pipe cannot be read twice. The
/// pointer and the message become captured memory labelled <c>global:__abort_msg</c> and
/// <c>deref:__abort_msg</c>, which the analysis reads (docs/analysis.md, glibc abort messages).
/// </summary>
internal static class AbortMessageCapture
{
    public const string Symbol = "__abort_msg";
    private const int SigAbrt = 6;

    /// <summary>Longest message kept (glibc's messages are a line; the struct starts with its 4-byte size).</summary>
    private const int MaxMessageBytes = 4096;

    /// <summary>The pointer and the message, or nothing when the process did not abort or has no message.</summary>
    public static List<(ulong Address, byte[] Bytes, string Label)> Read(CrashFacts crash, ModuleCacheOptions moduleOptions, List<string> warnings)
    {
        var regions = new List<(ulong, byte[], string)>();
        if (crash.Signal != SigAbrt)
        {
            return regions;
        }

        try
        {
            using var layout = LiveLayout.ReadMap(crash.Pid);
            if (layout is null)
            {
                return regions;
            }

            using var cache = new ModuleCache(moduleOptions);
            var unwinder = new ProcessUnwinder(layout, cache, new StackWalkOptions { SourceLines = false, InlineFrames = false });
            if (!unwinder.TryFindSymbol(Symbol, out var address, out _))
            {
                return regions;
            }

            using var memory = File.OpenHandle($"/proc/{crash.Pid}/mem", FileMode.Open, FileAccess.Read);
            var pointer = new byte[8];
            if (RandomAccess.Read(memory, pointer, (long)address) != pointer.Length)
            {
                return regions;
            }

            regions.Add((address, pointer, "global:" + Symbol));
            var target = BinaryPrimitives.ReadUInt64LittleEndian(pointer);
            var size = new byte[4];
            if (target == 0 || target > long.MaxValue || RandomAccess.Read(memory, size, (long)target) != size.Length)
            {
                return regions;
            }

            var message = new byte[Math.Clamp(BinaryPrimitives.ReadUInt32LittleEndian(size), 4u, MaxMessageBytes)];
            var read = RandomAccess.Read(memory, message, (long)target);
            regions.Add((target, message[..read], "deref:" + Symbol));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Best effort before the real capture: whatever goes wrong here (an unreadable or malformed module
            // file, the process already gone) must cost the snapshot only this message.
            warnings.Add($"glibc's abort message could not be read from /proc/{crash.Pid}/mem: {e.Message}");
        }

        return regions;
    }

    /// <summary>Adds the regions to the capture, as memory and as labelled snapshot ranges.</summary>
    public static void AddTo(CapturedProcess captured, List<(ulong Address, byte[] Bytes, string Label)> regions)
    {
        foreach (var (address, bytes, label) in regions)
        {
            captured.Memory.Add(new ArrayMemorySegment(address, bytes));
            captured.SnapshotRanges.Add(new LabelledRange(address, (ulong)bytes.Length, label));
        }
    }
}
