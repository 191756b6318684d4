using Backtrace.Elf;

namespace Backtrace.Dwarf.Cfi;

/// <summary>
/// The call frame information of one module: <c>.eh_frame</c> located through <c>PT_GNU_EH_FRAME</c> (and its
/// binary search table) or the section, and <c>.debug_frame</c> from the module or its debug file, consulted when
/// <c>.eh_frame</c> has no entry for a pc. Built cheaply; <c>.debug_frame</c> is indexed on first need. Thread-safe.
/// </summary>
public sealed class CallFrameInfo
{
    private readonly FdeIndex? _ehFrame;
    private readonly Lazy<FdeIndex?> _debugFrame;

    private CallFrameInfo(FdeIndex? ehFrame, Func<FdeIndex?> debugFrame, string? problem)
    {
        _ehFrame = ehFrame;
        _debugFrame = new Lazy<FdeIndex?>(debugFrame, LazyThreadSafetyMode.ExecutionAndPublication);
        Problem = problem;
    }

    /// <summary>Why the module's <c>.eh_frame</c> could not be used (malformed header or section), else null.</summary>
    public string? Problem { get; }

    /// <summary>Number of FDEs reachable through <c>.eh_frame</c>.</summary>
    public int EhFrameEntries => _ehFrame?.Count ?? 0;

    /// <summary>Reads the CFI of <paramref name="file"/>; <paramref name="debugFile"/> may add a <c>.debug_frame</c>. Never throws for malformed data: see <see cref="Problem"/>.</summary>
    public static CallFrameInfo Load(ElfFile file, ElfFile? debugFile = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        FdeIndex? ehFrame = null;
        string? problem = null;
        try
        {
            ehFrame = LoadEhFrame(file);
        }
        catch (ElfFormatException e)
        {
            problem = e.Message;
        }

        return new CallFrameInfo(ehFrame, () => LoadDebugFrame(file) ?? (debugFile is null ? null : LoadDebugFrame(debugFile)), problem ?? ehFrame?.ScanProblem);
    }

    /// <summary>
    /// The unwind row at <paramref name="pc"/>. False with a null <paramref name="error"/> when no FDE covers the pc;
    /// false with an error when the covering entry is malformed or its program exceeds <paramref name="maxInstructions"/>.
    /// </summary>
    public bool TryGetRow(ulong pc, int maxInstructions, out CfiRow row, out string? error)
    {
        row = default;
        error = null;
        foreach (var index in Indexes())
        {
            try
            {
                if (index.TryFind(pc, out var fde))
                {
                    return CfiInterpreter.TryComputeRow(index.Section, fde, pc, maxInstructions, out row, out error);
                }
            }
            catch (ElfFormatException e)
            {
                error = e.Message;
                return false;
            }
        }

        return false;
    }

    private IEnumerable<FdeIndex> Indexes()
    {
        if (_ehFrame is not null)
        {
            yield return _ehFrame;
        }

        if (_debugFrame.Value is { } debugFrame)
        {
            yield return debugFrame;
        }
    }

    private static FdeIndex? LoadEhFrame(ElfFile file)
    {
        foreach (var segment in file.ProgramHeaders)
        {
            if (segment.Type != ElfSegmentType.GnuEhFrame)
            {
                continue;
            }

            if (!file.TryGetFileOffset(segment.VirtualAddress, out var offset, out var available) || segment.FileSize > available)
            {
                throw new ElfFormatException($"{file.Name}: PT_GNU_EH_FRAME at 0x{segment.VirtualAddress:x} is not inside a loaded segment");
            }

            var header = file.GetMemory(offset, segment.FileSize, "eh_frame_hdr");
            var reader = new SpanReader(header.Span, $"{file.Name} eh_frame_hdr");
            if (reader.ReadU8() != 1)
            {
                throw new ElfFormatException($"{file.Name}: eh_frame_hdr version is not 1");
            }

            var pointerEncoding = reader.ReadU8();
            reader.Skip(2);
            var ehFrameAddress = PointerEncoding.Read(ref reader, pointerEncoding, segment.VirtualAddress, segment.VirtualAddress, $"{file.Name} eh_frame_hdr");
            var section = EhFrameAt(file, ehFrameAddress);
            return FdeIndex.FromHeader(header, segment.VirtualAddress, section) ?? FdeIndex.Build(section);
        }

        return file.FindSection(".eh_frame") is { HasNoBits: false } ehFrame
            ? FdeIndex.Build(new CfiSection(file.GetSectionData(ehFrame), ehFrame.Address, true, $"{file.Name} .eh_frame"))
            : null;
    }

    private static CfiSection EhFrameAt(ElfFile file, ulong address)
    {
        foreach (var section in file.Sections)
        {
            if (section.Address == address && section.Name == ".eh_frame" && !section.HasNoBits)
            {
                return new CfiSection(file.GetSectionData(section), address, true, $"{file.Name} .eh_frame");
            }
        }

        // No section headers (an image read from memory): the section runs at most to the end of its segment.
        if (!file.TryGetFileOffset(address, out var offset, out var available))
        {
            throw new ElfFormatException($"{file.Name}: .eh_frame at 0x{address:x} (from eh_frame_hdr) is not inside a loaded segment");
        }

        return new CfiSection(file.GetMemory(offset, Math.Min(available, int.MaxValue), ".eh_frame"), address, true, $"{file.Name} .eh_frame");
    }

    private static FdeIndex? LoadDebugFrame(ElfFile file)
    {
        try
        {
            var data = file.GetDebugSectionData(".debug_frame");
            return data.IsEmpty ? null : FdeIndex.Build(new CfiSection(data, 0, false, $"{file.Name} .debug_frame"));
        }
        catch (ElfFormatException)
        {
            // A corrupt .debug_frame only removes a fallback; .eh_frame problems are the ones reported.
            return null;
        }
    }
}
