using Backtrace.Elf;

namespace Backtrace.Dwarf.Cfi;

/// <summary>
/// Finds the FDE covering a pc: by binary search of the <c>.eh_frame_hdr</c> table in place (no copy), or, when a
/// section has no usable header (<c>.debug_frame</c>, odd encodings), of a table built once by scanning every entry.
/// </summary>
internal sealed class FdeIndex
{
    private readonly CfiSection _section;
    private readonly ReadOnlyMemory<byte> _header;
    private readonly ulong _headerAddress;
    private readonly int _tableOffset;
    private readonly int _count;
    private readonly byte _tableEncoding;
    private readonly int _entrySize;
    private readonly ulong[]? _starts;
    private readonly int[]? _offsets;

    private FdeIndex(CfiSection section, ReadOnlyMemory<byte> header, ulong headerAddress, int tableOffset, int count, byte encoding)
    {
        _section = section;
        _header = header;
        _headerAddress = headerAddress;
        _tableOffset = tableOffset;
        _count = count;
        _tableEncoding = encoding;
        _entrySize = 2 * PointerEncoding.FixedSize(encoding);
    }

    private FdeIndex(CfiSection section, ulong[] starts, int[] offsets, string? problem)
    {
        _section = section;
        _starts = starts;
        _offsets = offsets;
        _count = starts.Length;
        ScanProblem = problem;
    }

    /// <summary>Number of FDEs indexed.</summary>
    public int Count => _count;

    /// <summary>When the scan of a section stopped at a malformed entry: what was wrong (entries before it are indexed).</summary>
    public string? ScanProblem { get; }

    public CfiSection Section => _section;

    /// <summary>Uses the binary search table of an <c>.eh_frame_hdr</c>; null when it has none or an encoding the fast path cannot index.</summary>
    public static FdeIndex? FromHeader(ReadOnlyMemory<byte> header, ulong headerAddress, CfiSection ehFrame)
    {
        var reader = new SpanReader(header.Span, $"{ehFrame.Name} header");
        if (reader.ReadU8() != 1)
        {
            return null;
        }

        var framePointerEncoding = reader.ReadU8();
        var countEncoding = reader.ReadU8();
        var tableEncoding = reader.ReadU8();
        if (countEncoding == PointerEncoding.Omit || tableEncoding == PointerEncoding.Omit
            || PointerEncoding.FixedSize(tableEncoding) == 0 || (tableEncoding & 0x70) is not (0x00 or 0x30))
        {
            return null;
        }

        PointerEncoding.Read(ref reader, framePointerEncoding, headerAddress, headerAddress, "eh_frame_hdr");
        var count = PointerEncoding.Read(ref reader, countEncoding, headerAddress, headerAddress, "eh_frame_hdr");
        var entrySize = 2 * PointerEncoding.FixedSize(tableEncoding);

        // A count larger than the table bytes present is truncated to what is there rather than trusted.
        var available = (ulong)(reader.Remaining / entrySize);
        return new FdeIndex(ehFrame, header, headerAddress, reader.Position, (int)Math.Min(count, available), tableEncoding);
    }

    /// <summary>Scans every entry of <paramref name="section"/> and sorts the FDEs by start address.</summary>
    public static FdeIndex Build(CfiSection section)
    {
        var entries = new List<(ulong Start, int Offset)>();
        string? problem = null;
        var offset = 0;
        try
        {
            while (offset >= 0 && offset < section.Data.Length)
            {
                var at = offset;
                if (section.TryParseFde(at, out var fde, out offset) && fde.End > fde.Start)
                {
                    entries.Add((fde.Start, at));
                }
            }
        }
        catch (ElfFormatException e)
        {
            problem = e.Message;
        }

        entries.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var starts = new ulong[entries.Count];
        var offsets = new int[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            (starts[i], offsets[i]) = entries[i];
        }

        return new FdeIndex(section, starts, offsets, problem);
    }

    /// <summary>The FDE whose range holds <paramref name="pc"/>.</summary>
    /// <exception cref="ElfFormatException">The FDE or its CIE is malformed.</exception>
    public bool TryFind(ulong pc, out FrameDescriptionEntry fde)
    {
        fde = default;
        int lo = 0, hi = _count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (StartAt(mid) <= pc)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (found < 0)
        {
            return false;
        }

        var offset = OffsetAt(found);
        return offset >= 0 && _section.TryParseFde(offset, out fde, out _) && pc >= fde.Start && pc < fde.End;
    }

    private ulong StartAt(int index)
    {
        if (_starts is not null)
        {
            return _starts[index];
        }

        var reader = new SpanReader(_header.Span, "eh_frame_hdr table", _tableOffset + (index * _entrySize));
        return _tableEncoding == PointerEncoding.DataRelativeSigned4
            ? _headerAddress + (ulong)(long)(int)reader.ReadU32()
            : PointerEncoding.Read(ref reader, _tableEncoding, _headerAddress, _headerAddress, "eh_frame_hdr table");
    }

    private int OffsetAt(int index)
    {
        if (_offsets is not null)
        {
            return _offsets[index];
        }

        var reader = new SpanReader(_header.Span, "eh_frame_hdr table", _tableOffset + (index * _entrySize) + (_entrySize / 2));
        var address = PointerEncoding.Read(ref reader, _tableEncoding, _headerAddress, _headerAddress, "eh_frame_hdr table");
        var offset = address - _section.Address;
        return offset < (ulong)_section.Data.Length ? (int)offset : -1;
    }
}
