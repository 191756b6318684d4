using System.Buffers.Binary;
using System.Text;

namespace Backtrace.Elf;

/// <summary>
/// The defined symbols of one <c>.symtab</c> or <c>.dynsym</c>: code symbols sorted by address for lookups that honour
/// <c>st_size</c> (an address past a sized symbol's end is not in it); lookups by name scan the table in place. Names
/// are decoded only when a lookup returns them. Thread-safe.
/// </summary>
public sealed class ElfSymbolTable
{
    private const int EntrySize = 24;

    // How far back a lookup looks for a sized symbol that encloses the address when the nearest one does not.
    private const int EnclosingLookBehind = 8;

    private readonly ReadOnlyMemory<byte> _strings;
    private readonly ReadOnlyMemory<byte> _entries;
    private readonly Entry[] _code;
    private readonly int _codeCount;
    private readonly string?[] _codeNames;

    private ElfSymbolTable(ReadOnlyMemory<byte> strings, ReadOnlyMemory<byte> entries, Entry[] code, int codeCount)
    {
        _strings = strings;
        _entries = entries;
        _code = code;
        _codeCount = codeCount;
        _codeNames = new string?[codeCount];
    }

    /// <summary>Number of distinct code addresses with a symbol.</summary>
    public int CodeSymbolCount => _codeCount;

    /// <summary>The code symbol at sorted position <paramref name="index"/> (the preferred one where several share an address).</summary>
    public ElfSymbol GetCodeSymbol(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_codeCount, nameof(index));
        return ToSymbol(_code[index], CodeName(index));
    }

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
        var entries = _entries.Span;
        Entry found = default;
        var any = false;
        for (var i = 1; i < entries.Length / EntrySize; i++)
        {
            var raw = entries.Slice(i * EntrySize, EntrySize);
            if (Decode(raw, strings.Length, i) is { } entry && RawName(strings, entry.NameOffset).SequenceEqual(utf8)
                && (!any || (entry.Binding != ElfSymbolBinding.Local && found.Binding == ElfSymbolBinding.Local)))
            {
                found = entry;
                any = true;
            }
        }

        symbol = any ? ToSymbol(found, name) : default;
        return any;
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
        var entries = file.GetMemory(table.Offset, count * EntrySize, $"symbol table {table.Name}");
        var executable = ExecutableSections(file);
        var bytes = entries.Span;
        var code = new Entry[Math.Max((int)count - 1, 0)];
        var codeCount = 0;
        for (var i = 1; i < (int)count; i++)
        {
            var raw = bytes.Slice(i * EntrySize, EntrySize);
            var shndx = BinaryPrimitives.ReadUInt16LittleEndian(raw[6..]);
            if (Decode(raw, strings.Length, i) is not { } entry
                || entry.Type is not (ElfSymbolType.Function or ElfSymbolType.IndirectFunction or ElfSymbolType.NoType)
                || shndx >= executable.Length || executable[shndx].End == 0)
            {
                continue;
            }

            var (start, end) = executable[shndx];
            if (entry.Value >= start && entry.Value < end)
            {
                code[codeCount++] = entry with { End = end };
            }
        }

        return new ElfSymbolTable(strings, entries, code, SortAndMerge(code.AsSpan(0, codeCount)));
    }

    /// <summary>A defined symbol of a kept type, or null; <see cref="Entry.End"/> is left for the caller.</summary>
    private static Entry? Decode(ReadOnlySpan<byte> raw, int stringsLength, int index)
    {
        var nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(raw);
        var info = raw[4];
        var shndx = BinaryPrimitives.ReadUInt16LittleEndian(raw[6..]);
        var type = (ElfSymbolType)(info & 0xf);
        if (shndx == 0 || nameOffset == 0 || nameOffset >= (uint)stringsLength
            || type is not (ElfSymbolType.NoType or ElfSymbolType.Object or ElfSymbolType.Function or ElfSymbolType.Tls or ElfSymbolType.IndirectFunction))
        {
            return null;
        }

        var binding = (ElfSymbolBinding)(info >> 4);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(raw[8..]);
        var size = BinaryPrimitives.ReadUInt64LittleEndian(raw[16..]);
        var preference = (byte)((size != 0 ? 8 : 0)
            + (binding == ElfSymbolBinding.Global ? 4 : binding == ElfSymbolBinding.Weak ? 2 : 0)
            + (type == ElfSymbolType.Function ? 1 : 0));
        return new Entry(value, size, ulong.MaxValue, nameOffset, index, type, binding, preference);
    }

    /// <summary>Per section index, the address range of an executable section with contents; (0, 0) for any other.</summary>
    private static (ulong Start, ulong End)[] ExecutableSections(ElfFile file)
    {
        var ranges = new (ulong Start, ulong End)[file.Sections.Count];
        for (var i = 0; i < ranges.Length; i++)
        {
            if (file.Sections[i] is { IsExecutable: true, Size: > 0 } section)
            {
                ranges[i] = (section.Address, section.Address + section.Size);
            }
        }

        return ranges;
    }

    /// <summary>Sorts in place, keeps the preferred symbol per address at the front, and returns how many remain.</summary>
    private static int SortAndMerge(Span<Entry> code)
    {
        // Sorting plain address keys is several times faster than sorting the entries with a comparer; the few symbols
        // that share an address are ordered afterwards.
        var keys = new ulong[code.Length];
        var order = new int[code.Length];
        for (var i = 0; i < code.Length; i++)
        {
            keys[i] = code[i].Value;
            order[i] = i;
        }

        Array.Sort(keys, order);
        var sorted = new Entry[code.Length];
        for (var i = 0; i < code.Length; i++)
        {
            sorted[i] = code[order[i]];
        }

        // Keep the preferred symbol per address, and bound labels by the next address.
        var merged = 0;
        for (var start = 0; start < sorted.Length;)
        {
            var best = start;
            var end = start + 1;
            for (; end < sorted.Length && sorted[end].Value == sorted[start].Value; end++)
            {
                if (Preferred(sorted[end], sorted[best]))
                {
                    best = end;
                }
            }

            code[merged++] = sorted[best];
            start = end;
        }

        for (var i = 0; i + 1 < merged; i++)
        {
            if (code[i + 1].Value < code[i].End)
            {
                code[i] = code[i] with { End = code[i + 1].Value };
            }
        }

        return merged;
    }

    /// <summary>Among symbols at one address: a sized one, then global over weak over local, then a function; then the first in the table (elfutils' choice).</summary>
    private static bool Preferred(in Entry candidate, in Entry best) =>
        candidate.Preference != best.Preference ? candidate.Preference > best.Preference : candidate.Index < best.Index;

    private int LastAtOrBelow(ulong address)
    {
        int lo = 0, hi = _codeCount - 1, found = -1;
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

    private readonly record struct Entry(ulong Value, ulong Size, ulong End, uint NameOffset, int Index, ElfSymbolType Type, ElfSymbolBinding Binding, byte Preference);
}
