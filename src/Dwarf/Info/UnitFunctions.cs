using Backtrace.Elf;

namespace Backtrace.Dwarf.Info;

/// <summary>
/// The functions of one unit that own code: <c>DW_TAG_subprogram</c> and the <c>DW_TAG_inlined_subroutine</c>s nested in
/// them (through lexical blocks too), with their address ranges, call sites and nesting. Built by one pass over the
/// unit's DIEs, the first time a pc in the unit needs its inline context.
/// </summary>
internal sealed class UnitFunctions
{
    private const int MaxDepth = 1024;

    private readonly List<Function> _functions;
    private readonly (ulong Start, ulong End, int Function)[] _ranges;

    private UnitFunctions(List<Function> functions, (ulong, ulong, int)[] ranges)
    {
        _functions = functions;
        _ranges = ranges;
    }

    public Function this[int index] => _functions[index];

    public static UnitFunctions Build(CompilationUnit unit)
    {
        var functions = new List<Function>();
        var ranges = new List<(ulong Start, ulong End, int Function)>();
        var scratch = new List<(ulong Start, ulong End)>();
        Span<int> enclosing = stackalloc int[MaxDepth + 1];
        var depth = 0;
        enclosing[0] = -1;
        var dies = unit.Dies();
        while (dies.TryReadNext(out var offset, out var abbreviation))
        {
            if (abbreviation is null)
            {
                if (--depth <= 0)
                {
                    break;
                }

                continue;
            }

            var current = enclosing[depth];
            var reader = dies.Reader;
            if (abbreviation.Tag is DwarfAttribute.TagSubprogram or DwarfAttribute.TagInlinedSubroutine)
            {
                var index = ReadFunction(unit, ref reader, abbreviation, offset, current, functions, ranges, scratch);
                current = index >= 0 ? index : current;
            }
            else
            {
                foreach (var spec in abbreviation.Attributes)
                {
                    unit.ReadValue(ref reader, spec);
                }
            }

            dies.Reader = reader;
            if (abbreviation.HasChildren)
            {
                if (++depth > MaxDepth)
                {
                    throw new ElfFormatException($"{unit.Sections.Name}: DIEs of the unit at 0x{unit.Offset:x} nest deeper than {MaxDepth}");
                }

                enclosing[depth] = current;
            }
        }

        ranges.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return new UnitFunctions(functions, [.. ranges]);
    }

    /// <summary>The functions holding <paramref name="address"/>, innermost first (inlined calls, then their subprogram).</summary>
    public void FindChain(ulong address, List<int> chain)
    {
        chain.Clear();
        var innermost = -1;
        var innermostDepth = -1;

        // Ranges are few per unit; the deepest function whose range holds the address is the innermost inlined call.
        foreach (var (start, end, function) in _ranges)
        {
            if (start > address)
            {
                break;
            }

            if (address < end && _functions[function].Depth > innermostDepth)
            {
                innermost = function;
                innermostDepth = _functions[function].Depth;
            }
        }

        for (var f = innermost; f >= 0 && chain.Count <= MaxDepth; f = _functions[f].Parent)
        {
            chain.Add(f);
        }
    }

    private static int ReadFunction(CompilationUnit unit, ref SpanReader reader, Abbreviation abbreviation, int offset, int parent,
        List<Function> functions, List<(ulong, ulong, int)> ranges, List<(ulong Start, ulong End)> scratch)
    {
        AttributeValue lowPc = default, highPc = default, rangesValue = default;
        long callFile = -1;
        int callLine = 0, callColumn = 0;
        foreach (var spec in abbreviation.Attributes)
        {
            var value = unit.ReadValue(ref reader, spec);
            switch (spec.Attribute)
            {
                case DwarfAttribute.LowPc: lowPc = value; break;
                case DwarfAttribute.HighPc: highPc = value; break;
                case DwarfAttribute.Ranges: rangesValue = value; break;
                case DwarfAttribute.CallFile: callFile = (long)value.Value; break;
                case DwarfAttribute.CallLine: callLine = (int)Math.Min(value.Value, int.MaxValue); break;
                case DwarfAttribute.CallColumn: callColumn = (int)Math.Min(value.Value, int.MaxValue); break;
            }
        }

        scratch.Clear();
        if (rangesValue.IsPresent)
        {
            unit.ReadRanges(rangesValue, scratch);
        }
        else if (lowPc.IsPresent && highPc.IsPresent && unit.TryGetAddress(lowPc, out var low))
        {
            var high = CompilationUnit.IsConstant(highPc.Form) ? low + highPc.Value : unit.TryGetAddress(highPc, out var h) ? h : low;
            if (high > low)
            {
                scratch.Add((low, high));
            }
        }

        // Declarations and abstract instances own no code and are not frames.
        if (scratch.Count == 0)
        {
            return -1;
        }

        var index = functions.Count;
        var inlined = abbreviation.Tag == DwarfAttribute.TagInlinedSubroutine;
        var depth = parent >= 0 ? functions[parent].Depth + 1 : 0;
        functions.Add(new Function(offset, parent, depth, inlined, callFile, callLine, callColumn));
        foreach (var (start, end) in scratch)
        {
            ranges.Add((start, end, index));
        }

        return index;
    }

    /// <summary>A function with code: its DIE, the enclosing function, and (for an inlined call) where it was called from.</summary>
    internal readonly record struct Function(int DieOffset, int Parent, int Depth, bool Inlined, long CallFile, int CallLine, int CallColumn);
}
