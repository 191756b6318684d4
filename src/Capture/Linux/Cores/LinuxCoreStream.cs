using Backtrace.Capture.Model;
using Backtrace.Capture.Platform;

namespace Backtrace.Capture.Linux.Cores;

/// <summary>
/// Reads a core as the kernel pipes it to the core_pattern handler (ELF header, program headers, notes,
/// then PT_LOAD data in file order) without holding it in memory: after the notes it knows every
/// thread's stack pointer and registers, and keeps only the bytes the snapshot needs (stacks, windows
/// around pointers and the fault, first pages of modules, the vDSO) — a mini-core. Everything else is
/// skipped; text comes from the module files on disk. Stops at the deadline with what it has.
/// </summary>
internal sealed class LinuxCoreStream(Stream core, CoreStreamContext context, CaptureOptions options)
{
    private const int MaxNoteBytes = 64 * 1024 * 1024;
    private const ulong AtSysinfoEhdr = 33;

    public CapturedProcess Read()
    {
        var captured = new CapturedProcess { Source = "core_pattern", Pid = context.Pid };
        var reader = new CoreStreamReader(core, context.CoreCopy, context.Deadline);
        var header = new byte[CoreHeader.Size];
        var (tableOffset, count) = CoreHeader.Validate(header.AsSpan(0, reader.Read(header)), null);
        if (count > 1 << 17 || !reader.SkipTo((long)tableOffset))
        {
            throw new CaptureException(CaptureFailure.InvalidInput, $"the core stream ended before its program header table (byte {tableOffset})");
        }

        var table = new byte[count * CoreHeader.EntrySize];
        if (reader.Read(table) < table.Length)
        {
            throw new CaptureException(CaptureFailure.InvalidInput, "the core stream ended inside its program header table");
        }

        var segments = new List<CoreSegment>(count);
        for (var i = 0; i < count; i++)
        {
            segments.Add(CoreHeader.ReadSegment(table.AsSpan(i * CoreHeader.EntrySize)));
        }

        segments.Sort(static (a, b) => a.FileOffset.CompareTo(b.FileOffset));
        var notes = new CoreNotes();
        var loads = new List<CoreSegment>();
        List<(ulong Start, ulong End)>? wanted = null;
        long kept = 0;
        foreach (var segment in segments)
        {
            if (segment.Type == CoreSegment.Load)
            {
                loads.Add(segment);
            }

            if (segment.FileSize == 0 || segment.Type is not (CoreSegment.Load or CoreSegment.Note))
            {
                continue;
            }

            if (segment.Type == CoreSegment.Load)
            {
                // Notes always precede the memory, so by now every thread's registers are known. Segments
                // holding nothing wanted are never read: without --keep-core the rest of the dump is skipped.
                wanted ??= WantedRanges(notes);
                var pieces = Pieces(segment, wanted);
                if (pieces.Count > 0)
                {
                    kept += KeepWanted(reader, segment, pieces, captured, options.MemoryBudgetBytes - kept);
                }

                if (reader.Ended || reader.DeadlinePassed)
                {
                    Stopped(reader, captured);
                    break;
                }

                continue;
            }

            if (!reader.SkipTo((long)segment.FileOffset))
            {
                Stopped(reader, captured);
                break;
            }

            var noteBytes = new byte[Math.Min(segment.FileSize, MaxNoteBytes)];
            notes.Parse(noteBytes.AsSpan(0, reader.Read(noteBytes)), captured.Warnings);
        }

        if (context.CoreCopy is not null)
        {
            reader.DrainToEnd();
        }

        loads.Sort(static (a, b) => a.Address.CompareTo(b.Address));
        var assembler = new CoreAssembler(captured, options);
        assembler.Describe(notes, loads, readOmittedPages: true);
        assembler.LabelSnapshotRanges(deadStack: true);
        return captured;
    }

    private List<(ulong Start, ulong End)> WantedRanges(CoreNotes notes)
    {
        var ranges = new List<(ulong, ulong)>();
        foreach (var thread in notes.Threads)
        {
            var sp = thread.Registers.Sp;
            var below = thread.Tid == context.Tid ? (ulong)CaptureOptions.DeadStackBytes : 128;
            ranges.Add(((sp - Math.Min(sp, below)) & ~15UL, sp + (ulong)options.StackBytesPerThread));
            foreach (var slot in UserRegisters.GeneralPurpose)
            {
                var value = thread.Registers[slot];
                var window = (ulong)options.PointerWindowBytes;
                ranges.Add((value - Math.Min(value, window), value + window));
            }
        }

        if (notes.Fault?.Address is { } address)
        {
            var window = (ulong)options.FaultWindowBytes;
            ranges.Add((address - Math.Min(address, window), address + window));
        }

        foreach (var file in notes.Files)
        {
            if (file.Offset == 0)
            {
                ranges.Add((file.Start, file.Start + 4096));
            }
        }

        if (notes.Auxv.Find(a => a.Type == AtSysinfoEhdr).Value is var vdso and > 0)
        {
            ranges.Add((vdso, vdso + 2 * 4096 * 4));
        }

        return ranges;
    }

    private static void Stopped(CoreStreamReader reader, CapturedProcess captured) =>
        captured.Warnings.Add(reader.DeadlinePassed
            ? $"the deadline passed after {reader.Position} bytes of the core: later memory is missing"
            : $"the core stream ended at byte {reader.Position}: later memory is missing");

    /// <summary>The parts of one PT_LOAD's data inside wanted ranges, sorted and merged.</summary>
    private static List<(ulong Start, ulong End)> Pieces(CoreSegment segment, List<(ulong Start, ulong End)> wanted)
    {
        var start = segment.Address;
        var end = segment.Address + segment.FileSize;
        var pieces = new List<(ulong Start, ulong End)>();
        foreach (var (wantStart, wantEnd) in wanted)
        {
            var pieceStart = Math.Max(start, wantStart);
            var pieceEnd = Math.Min(end, wantEnd);
            if (pieceStart < pieceEnd)
            {
                pieces.Add((pieceStart, pieceEnd));
            }
        }

        pieces.Sort();
        var merged = new List<(ulong Start, ulong End)>();
        foreach (var piece in pieces)
        {
            if (merged.Count > 0 && piece.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, piece.End));
            }
            else
            {
                merged.Add(piece);
            }
        }

        return merged;
    }

    /// <summary>Reads the wanted pieces of one PT_LOAD; returns the bytes kept.</summary>
    private static long KeepWanted(CoreStreamReader reader, CoreSegment segment, List<(ulong Start, ulong End)> merged, CapturedProcess captured, long budget)
    {
        var start = segment.Address;
        long kept = 0;
        foreach (var (pieceStart, pieceEnd) in merged)
        {
            var length = (long)(pieceEnd - pieceStart);
            if (kept + length > budget)
            {
                captured.Warnings.Add("the memory budget was reached while streaming the core: some stacks or windows are missing");
                break;
            }

            if (!reader.SkipTo((long)(segment.FileOffset + (pieceStart - start))))
            {
                break;
            }

            var bytes = new byte[length];
            var read = reader.Read(bytes);
            captured.Memory.Add(new ArrayMemorySegment(pieceStart, bytes, 0, read));
            kept += read;
            if (read < length)
            {
                break;
            }
        }

        return kept;
    }
}
