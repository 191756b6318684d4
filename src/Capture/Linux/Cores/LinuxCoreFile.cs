using Backtrace.Capture.Model;

namespace Backtrace.Capture.Linux.Cores;

/// <summary>
/// Reads a Linux x86-64 ELF core file in place (memory-mapped, never loaded): notes for threads, signal,
/// auxv and mapped files; PT_LOAD segments for memory. A truncated core still yields a snapshot of what
/// it holds, with warnings naming what is cut.
/// </summary>
internal static class LinuxCoreFile
{
    private const int MaxNoteSegmentBytes = 256 * 1024 * 1024;

    public static CapturedProcess Read(string path, CaptureOptions options)
    {
        var core = MappedFile.Open(path);
        var captured = new CapturedProcess { Source = "core" };
        captured.Resources.Add(core);
        try
        {
            Fill(captured, core, options);
            return captured;
        }
        catch
        {
            captured.Dispose();
            throw;
        }
    }

    private static void Fill(CapturedProcess captured, MappedFile core, CaptureOptions options)
    {
        var (tableOffset, count) = CoreHeader.Validate(core.Slice(0, CoreHeader.Size), core.Length, SectionZeroInfo(core));
        var notes = new CoreNotes();
        var loads = new List<CoreSegment>();
        for (var i = 0; i < count; i++)
        {
            var segment = CoreHeader.ReadSegment(core.Slice((long)tableOffset + i * CoreHeader.EntrySize, CoreHeader.EntrySize));
            var available = segment.FileOffset >= (ulong)core.Length ? 0 : Math.Min(segment.FileSize, (ulong)core.Length - segment.FileOffset);
            if (available < segment.FileSize && segment.Type is CoreSegment.Load or CoreSegment.Note)
            {
                captured.Warnings.Add($"the core is truncated: the segment at 0x{segment.Address:x} has {available} of its {segment.FileSize} bytes");
            }

            if (segment.Type == CoreSegment.Note)
            {
                notes.Parse(core.Slice((long)segment.FileOffset, (long)Math.Min(available, MaxNoteSegmentBytes)), captured.Warnings);
            }
            else if (segment.Type == CoreSegment.Load)
            {
                loads.Add(segment);
                if (available > 0)
                {
                    captured.Memory.Add(new MappedFileSegment(segment.Address, available, core, (long)segment.FileOffset));
                }
            }
        }

        loads.Sort(static (a, b) => a.Address.CompareTo(b.Address));
        var assembler = new CoreAssembler(captured, options);
        assembler.Describe(notes, loads, readOmittedPages: true);
        assembler.LabelSnapshotRanges();
        captured.Timestamp = File.GetLastWriteTimeUtc(core.Path);
    }

    private static Func<ulong, uint?> SectionZeroInfo(MappedFile core) => sectionHeaders =>
    {
        var entry = core.Slice((long)sectionHeaders, 64);
        return entry.Length == 64 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(entry[44..]) : null;
    };
}
