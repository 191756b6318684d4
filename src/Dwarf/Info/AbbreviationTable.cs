using Backtrace.Elf;

namespace Backtrace.Dwarf.Info;

/// <summary>The abbreviation declarations at one offset of <c>.debug_abbrev</c>; codes are dense in practice, so an array indexes them.</summary>
internal sealed class AbbreviationTable
{
    // Codes past this go to the dictionary; GCC numbers abbreviations from 1 upwards.
    private const int DenseLimit = 4096;

    // Bounds one table so hostile input cannot make the reader allocate without end.
    private const int MaxDeclarations = 1 << 20;
    private const int MaxAttributes = 1024;

    private readonly Abbreviation?[] _dense;
    private readonly Dictionary<ulong, Abbreviation> _sparse;

    private AbbreviationTable(Abbreviation?[] dense, Dictionary<ulong, Abbreviation> sparse)
    {
        _dense = dense;
        _sparse = sparse;
    }

    public Abbreviation? Get(ulong code) =>
        code < (ulong)_dense.Length ? _dense[code] : _sparse.GetValueOrDefault(code);

    public static AbbreviationTable Parse(ReadOnlySpan<byte> section, ulong offset, string name)
    {
        if (offset >= (ulong)section.Length)
        {
            throw new ElfFormatException($"{name}: abbreviation table offset 0x{offset:x} is outside .debug_abbrev (0x{section.Length:x} bytes)");
        }

        var reader = new SpanReader(section, $"{name} .debug_abbrev", (int)offset);
        var dense = new List<Abbreviation?>();
        var sparse = new Dictionary<ulong, Abbreviation>();
        var attributes = new List<AttributeSpec>();
        for (var count = 0; ; count++)
        {
            var code = reader.ReadULeb128();
            if (code == 0)
            {
                break;
            }

            if (count >= MaxDeclarations)
            {
                throw new ElfFormatException($"{name}: abbreviation table at 0x{offset:x} has more than {MaxDeclarations} declarations");
            }

            var tag = reader.ReadULeb128();
            var hasChildren = reader.ReadU8() != 0;
            attributes.Clear();
            while (true)
            {
                var attribute = reader.ReadULeb128();
                var form = reader.ReadULeb128();
                if (attribute == 0 && form == 0)
                {
                    break;
                }

                var implicitConstant = form == DwarfForm.ImplicitConst ? reader.ReadSLeb128() : 0;
                if (attributes.Count >= MaxAttributes)
                {
                    throw new ElfFormatException($"{name}: abbreviation {code} has more than {MaxAttributes} attributes");
                }

                attributes.Add(new AttributeSpec((ushort)Math.Min(attribute, ushort.MaxValue), (ushort)Math.Min(form, ushort.MaxValue), implicitConstant));
            }

            var abbreviation = new Abbreviation((ushort)Math.Min(tag, ushort.MaxValue), hasChildren, [.. attributes]);
            if (code < DenseLimit)
            {
                while (dense.Count <= (int)code)
                {
                    dense.Add(null);
                }

                dense[(int)code] = abbreviation;
            }
            else
            {
                sparse[code] = abbreviation;
            }
        }

        return new AbbreviationTable([.. dense], sparse);
    }
}
