using Backtrace.Dwarf.Info;
using Backtrace.Dwarf.Lines;
using Backtrace.Elf;

namespace Backtrace.Dwarf;

/// <summary>
/// Source positions and inlined calls of addresses in one ELF file's DWARF (versions 2 to 5). Lazy throughout: the
/// unit holding an address is found through <c>.debug_aranges</c>; only that unit's line program is decoded and, when
/// inline frames are asked for, only its DIEs are walked. Everything decoded is kept. Thread-safe; malformed DWARF makes
/// lookups fail (see <see cref="Problem"/>), never throw.
/// </summary>
public sealed class SourceLookup
{
    private const int MaxNameHops = 8;

    private readonly DwarfSections _sections;
    private readonly object _sync = new();
    private readonly Dictionary<ulong, AbbreviationTable> _abbreviations = [];
    private readonly Dictionary<int, CompilationUnit> _units = [];
    private readonly Dictionary<int, LineTable> _lines = [];
    private readonly Dictionary<int, UnitFunctions> _functions = [];
    private readonly Dictionary<int, string?> _names = [];
    private readonly List<int> _chain = [];
    private AddressRangeIndex? _aranges;
    private AddressRangeIndex? _unitRanges;
    private List<int>? _unitOffsets;

    private SourceLookup(DwarfSections sections) => _sections = sections;

    /// <summary>The last error met while decoding (a malformed unit or line program), else null.</summary>
    public string? Problem { get; private set; }

    /// <summary>A lookup over <paramref name="file"/>'s DWARF, or null when it has no <c>.debug_info</c> and <c>.debug_line</c>.</summary>
    public static SourceLookup? Create(ElfFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return DwarfSections.Has(file) ? new SourceLookup(new DwarfSections(file)) : null;
    }

    /// <summary>
    /// Appends the source view of <paramref name="address"/> (a file virtual address) to <paramref name="into"/>:
    /// innermost inlined call first, the physical function last; a single entry when <paramref name="inlines"/> is false
    /// or nothing is inlined there. Returns false when no unit or line covers the address.
    /// </summary>
    public bool TryResolve(ulong address, bool inlines, List<SourceLocation> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        lock (_sync)
        {
            try
            {
                return Resolve(address, inlines, into);
            }
            catch (ElfFormatException e)
            {
                Problem = e.Message;
                return false;
            }
        }
    }

    private bool Resolve(ulong address, bool inlines, List<SourceLocation> into)
    {
        _sections.PreloadInBackground();
        var unit = FindUnit(address);
        if (unit is null || unit.StmtList is not { } stmtList)
        {
            return false;
        }

        if (!_lines.TryGetValue(unit.Offset, out var lines))
        {
            lines = LineProgram.Decode(_sections, stmtList, unit.CompDir, unit.Name);
            _lines[unit.Offset] = lines;
        }

        var hasRow = lines.TryFind(address, out var row);
        _chain.Clear();
        if (inlines)
        {
            if (!_functions.TryGetValue(unit.Offset, out var functions))
            {
                functions = UnitFunctions.Build(unit);
                _functions[unit.Offset] = functions;
            }

            functions.FindChain(address, _chain);
            if (_chain.Count > 0)
            {
                var inner = functions[_chain[0]];
                into.Add(new SourceLocation(NameOf(unit, inner.DieOffset), hasRow ? lines.FileName(row.File) : null, hasRow ? row.Line : 0, hasRow ? row.Column : 0, inner.Inlined));
                for (var i = 1; i < _chain.Count; i++)
                {
                    var callee = functions[_chain[i - 1]];
                    var caller = functions[_chain[i]];
                    into.Add(new SourceLocation(NameOf(unit, caller.DieOffset), lines.FileName(callee.CallFile), callee.CallLine, callee.CallColumn, caller.Inlined));
                }

                return true;
            }
        }

        if (!hasRow)
        {
            return false;
        }

        into.Add(new SourceLocation(null, lines.FileName(row.File), row.Line, row.Column, false));
        return true;
    }

    private CompilationUnit? FindUnit(ulong address)
    {
        _aranges ??= _sections.Aranges.IsEmpty ? AddressRangeIndex.FromUnits([]) : AddressRangeIndex.FromAranges(_sections);
        var offset = _aranges.Find(address);
        if (offset < 0)
        {
            _unitRanges ??= AddressRangeIndex.FromUnits(AllUnits());
            offset = _unitRanges.Find(address);
        }

        return offset < 0 ? null : Unit(offset);
    }

    private IEnumerable<CompilationUnit> AllUnits()
    {
        foreach (var offset in UnitOffsets())
        {
            CompilationUnit? unit = null;
            try
            {
                unit = Unit(offset);
            }
            catch (ElfFormatException e)
            {
                Problem = e.Message;
            }

            if (unit is not null)
            {
                yield return unit;
            }
        }
    }

    private List<int> UnitOffsets()
    {
        if (_unitOffsets is not null)
        {
            return _unitOffsets;
        }

        _unitOffsets = [];
        var reader = new SpanReader(_sections.Info.Span, $"{_sections.Name} .debug_info");
        while (reader.Remaining >= 4)
        {
            var start = reader.Position;
            ulong length = reader.ReadU32();
            if (length == 0xffffffff)
            {
                length = reader.ReadU64();
            }

            if (length == 0 || length > (ulong)reader.Remaining)
            {
                break;
            }

            _unitOffsets.Add(start);
            reader.Skip(length);
        }

        return _unitOffsets;
    }

    private CompilationUnit Unit(int offset)
    {
        if (!_units.TryGetValue(offset, out var unit))
        {
            unit = CompilationUnit.Read(_sections, offset, Abbreviations);
            _units[offset] = unit;
        }

        return unit;
    }

    private AbbreviationTable Abbreviations(ulong offset)
    {
        if (!_abbreviations.TryGetValue(offset, out var table))
        {
            table = AbbreviationTable.Parse(_sections.Abbrev.Span, offset, _sections.Name);
            _abbreviations[offset] = table;
        }

        return table;
    }

    /// <summary>The linkage name, else the name, of a DIE, following abstract_origin and specification links.</summary>
    private string? NameOf(CompilationUnit unit, int dieOffset)
    {
        if (_names.TryGetValue(dieOffset, out var cached))
        {
            return cached;
        }

        string? name = null;
        var current = unit;
        var offset = dieOffset;
        for (var hop = 0; hop < MaxNameHops && name is null; hop++)
        {
            if (offset < current.DieStart || offset >= current.End)
            {
                current = UnitContaining(offset);
                if (current is null)
                {
                    break;
                }
            }

            var dies = current.Dies(offset);
            if (!dies.TryReadNext(out _, out var abbreviation) || abbreviation is null)
            {
                break;
            }

            var reader = dies.Reader;
            string? plain = null;
            var next = -1;
            foreach (var spec in abbreviation.Attributes)
            {
                var value = current.ReadValue(ref reader, spec);
                switch (spec.Attribute)
                {
                    case DwarfAttribute.LinkageName or DwarfAttribute.MipsLinkageName:
                        name = current.GetString(value);
                        break;
                    case DwarfAttribute.Name:
                        plain = current.GetString(value);
                        break;
                    case DwarfAttribute.AbstractOrigin or DwarfAttribute.Specification:
                        if (value.Form is not (DwarfForm.GnuRefAlt or DwarfForm.RefSig8 or DwarfForm.RefSup4 or DwarfForm.RefSup8) && value.Value <= int.MaxValue)
                        {
                            next = (int)value.Value;
                        }

                        break;
                }
            }

            name ??= plain;
            if (name is null)
            {
                if (next < 0)
                {
                    break;
                }

                offset = next;
            }
        }

        _names[dieOffset] = name;
        return name;
    }

    private CompilationUnit? UnitContaining(int offset)
    {
        var offsets = UnitOffsets();
        var index = offsets.BinarySearch(offset);
        index = index >= 0 ? index : ~index - 1;
        return index >= 0 ? Unit(offsets[index]) : null;
    }
}
