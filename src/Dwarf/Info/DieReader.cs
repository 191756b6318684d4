using Backtrace.Elf;

namespace Backtrace.Dwarf.Info;

/// <summary>A forward cursor over the DIEs of one unit. After <see cref="TryReadNext"/> the attributes follow at <see cref="Reader"/>; call <see cref="SkipAttributes"/> to pass them.</summary>
internal ref struct DieReader
{
    private readonly CompilationUnit _unit;
    private SpanReader _reader;

    public DieReader(CompilationUnit unit, int offset)
    {
        _unit = unit;
        if (offset < unit.DieStart || offset > unit.End)
        {
            throw new ElfFormatException($"{unit.Sections.Name}: DIE offset 0x{offset:x} is outside its unit (0x{unit.Offset:x}-0x{unit.End:x})");
        }

        _reader = new SpanReader(unit.Sections.Info.Span[..unit.End], $"{unit.Sections.Name} .debug_info", offset);
    }

    public SpanReader Reader
    {
        readonly get => _reader;
        set => _reader = value;
    }

    public readonly bool AtEnd => _reader.AtEnd;

    /// <summary>Reads the next DIE's code; a null <paramref name="abbreviation"/> is a null entry (end of a sibling list).</summary>
    public bool TryReadNext(out int offset, out Abbreviation? abbreviation)
    {
        offset = _reader.Position;
        abbreviation = null;
        if (_reader.AtEnd)
        {
            return false;
        }

        var code = _reader.ReadULeb128();
        if (code == 0)
        {
            return true;
        }

        abbreviation = _unit.Abbreviations.Get(code)
            ?? throw new ElfFormatException($"{_unit.Sections.Name}: DIE at 0x{offset:x} uses abbreviation {code}, which its table does not declare");
        return true;
    }

    public void SkipAttributes(Abbreviation abbreviation)
    {
        foreach (var spec in abbreviation.Attributes)
        {
            _unit.ReadValue(ref _reader, spec);
        }
    }
}
