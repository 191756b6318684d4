using Backtrace.Elf;

namespace Backtrace.Dwarf.Info;

/// <summary>
/// Address to unit: from <c>.debug_aranges</c> (GCC emits it), else from the root DIE of every unit (low/high pc or
/// DW_AT_ranges), computed once on first miss. Sorted arrays, binary search.
/// </summary>
internal sealed class AddressRangeIndex
{
    private readonly (ulong Start, ulong End, int Unit)[] _ranges;

    private AddressRangeIndex((ulong, ulong, int)[] ranges) => _ranges = ranges;

    public bool IsEmpty => _ranges.Length == 0;

    public int Find(ulong address)
    {
        int lo = 0, hi = _ranges.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_ranges[mid].Start <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        // Ranges of different units do not overlap in sane files; look back a little in case they do.
        for (var i = found; i >= 0 && i > found - 8; i--)
        {
            if (address < _ranges[i].End && address >= _ranges[i].Start)
            {
                return _ranges[i].Unit;
            }
        }

        return -1;
    }

    public static AddressRangeIndex FromAranges(DwarfSections sections)
    {
        var data = sections.Aranges.Span;
        var ranges = new List<(ulong, ulong, int)>(data.Length / 16);
        var what = $"{sections.Name} .debug_aranges";
        var reader = new SpanReader(data, what);
        while (reader.Remaining >= 4)
        {
            var setStart = reader.Position;
            ulong length = reader.ReadU32();
            var is64 = length == 0xffffffff;
            if (is64)
            {
                length = reader.ReadU64();
            }

            if (length == 0 || length > (ulong)reader.Remaining)
            {
                break;
            }

            var setEnd = reader.Position + (int)length;
            var set = new SpanReader(data[..setEnd], what, reader.Position);
            set.ReadU16(); // version
            var unit = set.ReadOffset(is64);
            var addressSize = set.ReadU8();
            set.ReadU8(); // segment selector size
            if (addressSize is not (4 or 8) || unit > int.MaxValue)
            {
                throw new ElfFormatException($"{sections.Name}: .debug_aranges set at 0x{setStart:x} has address size {addressSize} or unit 0x{unit:x}");
            }

            // Tuples start at a multiple of twice the address size from the set's start.
            var tupleSize = 2 * addressSize;
            var padding = (tupleSize - ((set.Position - setStart) % tupleSize)) % tupleSize;
            set.Skip((ulong)padding);
            while (set.Remaining >= tupleSize)
            {
                var start = set.ReadUnsigned(addressSize);
                var size = set.ReadUnsigned(addressSize);
                if (start == 0 && size == 0)
                {
                    break;
                }

                if (size > 0 && start + size > start)
                {
                    ranges.Add((start, start + size, (int)unit));
                }
            }

            reader.Position = setEnd;
        }

        return Sorted(ranges);
    }

    public static AddressRangeIndex FromUnits(IEnumerable<CompilationUnit> units)
    {
        var ranges = new List<(ulong, ulong, int)>();
        var scratch = new List<(ulong Start, ulong End)>();
        foreach (var unit in units)
        {
            scratch.Clear();
            UnitRanges(unit, scratch);
            foreach (var (start, end) in scratch)
            {
                ranges.Add((start, end, unit.Offset));
            }
        }

        return Sorted(ranges);
    }

    private static void UnitRanges(CompilationUnit unit, List<(ulong Start, ulong End)> ranges)
    {
        var dies = unit.Dies();
        if (!dies.TryReadNext(out _, out var root) || root is null)
        {
            return;
        }

        var reader = dies.Reader;
        AttributeValue lowPc = default, highPc = default, rangesValue = default;
        foreach (var spec in root.Attributes)
        {
            var value = unit.ReadValue(ref reader, spec);
            switch (spec.Attribute)
            {
                case DwarfAttribute.LowPc: lowPc = value; break;
                case DwarfAttribute.HighPc: highPc = value; break;
                case DwarfAttribute.Ranges: rangesValue = value; break;
            }
        }

        if (rangesValue.IsPresent)
        {
            unit.ReadRanges(rangesValue, ranges);
        }
        else if (lowPc.IsPresent && highPc.IsPresent && unit.TryGetAddress(lowPc, out var low))
        {
            var high = CompilationUnit.IsConstant(highPc.Form) ? low + highPc.Value : unit.TryGetAddress(highPc, out var h) ? h : low;
            if (high > low)
            {
                ranges.Add((low, high));
            }
        }
    }

    private static AddressRangeIndex Sorted(List<(ulong Start, ulong End, int Unit)> ranges)
    {
        // Plain keys sort several times faster than tuples with a comparison delegate.
        var keys = new ulong[ranges.Count];
        var sorted = new (ulong, ulong, int)[ranges.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = ranges[i].Start;
            sorted[i] = ranges[i];
        }

        Array.Sort(keys, sorted);
        return new AddressRangeIndex(sorted);
    }
}
