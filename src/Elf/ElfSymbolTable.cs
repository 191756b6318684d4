using System.Buffers.Binary;
using System.Text;

namespace Backtrace.Elf;

/// <summary>
/// The defined symbols of one <c>.symtab</c> or <c>.dynsym</c>: code symbols sorted by address for lookups that honour
/// <c>st_size</c> (an address past a sized symbol's end is not in it), and every defined symbol for lookups by name.
/// Names are decoded only when a lookup returns them. Thread-safe.
/// </summary>
public sealed class ElfSymbolTable
{
    private const int EntrySize = 24;

    // How far back a lookup looks for a sized symbol that encloses the address when the nearest one does not.
    private const int EnclosingLookBehind = 8;

    private readonly ReadOnlyMemory<byte> _strings;
    private readonly Entry[] _code;
    private readonly Entry[] _all;
    private readonly string?[] _codeNames;

    private ElfSymbolTable(ReadOnlyMemory<byte> strings, Entry[] code, Entry[] all)
    {
        _strings = strings;
        _code = code;
        _all = all;
        _codeNames = new string?[code.Length];
    }

    /// <summary>Number of distinct code addresses with a symbol.</summary>
    public int CodeSymbolCount => _code.Length;

    /// <summary>Number of defined symbols of any kept type.</summary>
    public int DefinedSymbolCount => _all.Length;

    /// <summary>The code symbol at sorted position <paramref name="index"/> (the preferred one where several share an address).</summary>
    public ElfSymbol GetCodeSymbol(int index) => ToSymbol(_code[index], CodeName(index));

    /// <summary>
    /// The code symbol containing <paramref name="address"/>: a sized symbol covers <c>[value, value+size)</c>; a label
    /// of size 0 covers up to the next symbol or the end of its section. Where several symbols share an address, a sized
    /// one wins, then global over weak over local.
    /// </summary>
    public bool TryFindContaining(ulong address, out ElfSymbol symbol)
    {
        var index = LastAtOrBelow(address);
        if (index >= 0)
        {
            var nearest = _code[index];
            if (nearest.Size == 0 ? address < nearest.End : address - nearest.Value < nearest.Size)
            {
                symbol = ToSymbol(nearest, CodeName(index));
                return true;
            }

            for (var i = index - 1; i >= 0 && i >= index - EnclosingLookBehind; i--)
            {
                if (_code[i].Size != 0 && address - _code[i].Value < _code[i].Size)
                {
                    symbol = ToSymbol(_code[i], CodeName(i));
                    return true;
                }
            }
        }

        symbol = default;
        return false;
    }

    /// <summary>A defined symbol by exact name (as in the table, version suffix ignored); the global one when several match.</summary>
    public bool TryFindByName(string name, out ElfSymbol symbol)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> utf8 = name.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(name.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(name.Length)];
        utf8 = utf8[..Encoding.UTF8.GetBytes(name, utf8)];
        var strings = _strings.Span;
        var found = -1;
        for (var i = 0; i < _all.Length; i++)
        {
            if (RawName(strings, _all[i].NameOffset).SequenceEqual(utf8)
                && (found < 0 || (_all[i].Binding != ElfSymbolBinding.Local && _all[found].Binding == ElfSymbolBinding.Local)))
            {
                found = i;
            }
        }

        symbol = found >= 0 ? ToSymbol(_all[found], name) : default;
        return found >= 0;
    }

    /// <summary>Reads a symbol table section (<c>SHT_SYMTAB</c> or <c>SHT_DYNSYM</c>) of <paramref name="file"/>.</summary>
    /// <exception cref="ElfFormatException">The table or its string table is malformed or exceeds the symbol limit.</exception>
    public static ElfSymbolTable Read(ElfFile file, ElfSection table)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (table.EntrySize != EntrySize)
        {
            throw new ElfFormatException($"{file.Name}: symbol table {table.Name} has entry size {table.EntrySize}, expected {EntrySize}");
        }

        var count = table.Size / EntrySize;
        if (count > (ulong)file.Limits.MaxSymbols)
        {
            throw new ElfFormatException($"{file.Name}: symbol table {table.Name} holds {count} symbols, above the limit of {file.Limits.MaxSymbols}");
        }

        if (table.Link >= file.Sections.Count || file.Sections[(int)table.Link].Type != 3)
        {
            throw new ElfFormatException($"{file.Name}: symbol table {table.Name} links to section {table.Link}, which is not a string table");
        }

        var strings = file.GetSectionData(file.Sections[(int)table.Link]);
        var bytes = file.GetBytes(table.Offset, count * EntrySize, $"symbol table {table.Name}");
        var code = new List<Entry>();
        var all = new List<Entry>();
        for (var i = 1; i < (int)count; i++)
        {
            var s = bytes.Slice(i * EntrySize, EntrySize);
            var nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(s);
            var info = s[4];
            var shndx = BinaryPrimitives.ReadUInt16LittleEndian(s[6..]);
            var type = (ElfSymbolType)(info & 0xf);
            var binding = (ElfSymbolBinding)(info >> 4);
            if (shndx == 0 || nameOffset == 0 || (ulong)nameOffset >= (ulong)strings.Length
                || type is not (ElfSymbolType.NoType or ElfSymbolType.Object or ElfSymbolType.Function or ElfSymbolType.Tls or ElfSymbolType.IndirectFunction))
            {
                continue;
            }

            var entry = new Entry(BinaryPrimitives.ReadUInt64LittleEndian(s[8..]), BinaryPrimitives.ReadUInt64LittleEndian(s[16..]), nameOffset, type, binding, ulong.MaxValue, i);
            all.Add(entry);
            if (type is ElfSymbolType.Function or ElfSymbolType.IndirectFunction or ElfSymbolType.NoType
                && shndx < file.Sections.Count && file.Sections[shndx] is { IsExecutable: true } section
                && entry.Value >= section.Address && entry.Value - section.Address < section.Size)
            {
                code.Add(entry with { End = section.Address + section.Size });
            }
        }

        return new ElfSymbolTable(strings, SortAndMerge(code), all.ToArray());
    }

    private static Entry[] SortAndMerge(List<Entry> code)
    {
        // Among equally good names at one address the first in the table wins, as elfutils chooses.
        code.Sort(static (a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value)
            : Preference(a) != Preference(b) ? Preference(b).CompareTo(Preference(a))
            : a.Index.CompareTo(b.Index));

        // Keep the preferred symbol per address (first after the sort), and bound labels by the next address.
        var merged = new List<Entry>(code.Count);
        foreach (var entry in code)
        {
            if (merged.Count == 0 || merged[^1].Value != entry.Value)
            {
                merged.Add(entry);
            }
        }

        for (var i = 0; i + 1 < merged.Count; i++)
        {
            if (merged[i + 1].Value < merged[i].End)
            {
                merged[i] = merged[i] with { End = merged[i + 1].Value };
            }
        }

        return merged.ToArray();
    }

    private static int Preference(Entry e) =>
        (e.Size != 0 ? 8 : 0)
        + (e.Binding == ElfSymbolBinding.Global ? 4 : e.Binding == ElfSymbolBinding.Weak ? 2 : 0)
        + (e.Type == ElfSymbolType.Function ? 1 : 0);

    private int LastAtOrBelow(ulong address)
    {
        int lo = 0, hi = _code.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_code[mid].Value <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    private string CodeName(int index) => _codeNames[index] ??= DecodeName(RawName(_strings.Span, _code[index].NameOffset));

    private static ReadOnlySpan<byte> RawName(ReadOnlySpan<byte> strings, uint offset)
    {
        var rest = strings[(int)offset..];
        var end = rest.IndexOf((byte)0);
        rest = end >= 0 ? rest[..end] : rest;
        var at = rest.IndexOf((byte)'@');
        return at > 0 ? rest[..at] : rest;
    }

    private static string DecodeName(ReadOnlySpan<byte> name) => Encoding.UTF8.GetString(name);

    private static ElfSymbol ToSymbol(Entry e, string name) => new(name, e.Value, e.Size, e.Type, e.Binding);

    private readonly record struct Entry(ulong Value, ulong Size, uint NameOffset, ElfSymbolType Type, ElfSymbolBinding Binding, ulong End, int Index);
}
