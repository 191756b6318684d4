using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Backtrace.Elf;

/// <summary>
/// Little-endian cursor over untrusted bytes. Every read is bounds-checked and a short read throws
/// <see cref="ElfFormatException"/> naming <c>what</c> was being read and where, so parsers stay linear and precise.
/// </summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _what;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> data, string what, int position = 0)
    {
        _data = data;
        _what = what;
        _position = position;
        if ((uint)position > (uint)data.Length)
        {
            throw Truncated(0);
        }
    }

    public int Position
    {
        readonly get => _position;
        set
        {
            if ((uint)value > (uint)_data.Length)
            {
                throw new ElfFormatException($"{_what}: offset 0x{value:x} is past the end (size 0x{_data.Length:x})");
            }

            _position = value;
        }
    }

    public readonly int Length => _data.Length;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool AtEnd => _position >= _data.Length;

    public readonly ReadOnlySpan<byte> Data => _data;

    public byte ReadU8()
    {
        if (_position >= _data.Length)
        {
            throw Truncated(1);
        }

        return _data[_position++];
    }

    public sbyte ReadS8() => (sbyte)ReadU8();

    public ushort ReadU16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint ReadU32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong ReadU64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>Reads an unsigned integer of 1, 2, 4 or 8 bytes.</summary>
    public ulong ReadUnsigned(int size) => size switch
    {
        1 => ReadU8(),
        2 => ReadU16(),
        4 => ReadU32(),
        8 => ReadU64(),
        _ => throw new ElfFormatException($"{_what}: unsupported integer size {size} at offset 0x{_position:x}"),
    };

    /// <summary>Reads an unsigned integer of 4 bytes (DWARF32) or 8 bytes (DWARF64).</summary>
    public ulong ReadOffset(bool is64) => is64 ? ReadU64() : ReadU32();

    public ulong ReadULeb128()
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            var b = ReadU8();
            if (shift < 64)
            {
                result |= (ulong)(b & 0x7f) << shift;
            }
            else if ((b & 0x7f) != 0)
            {
                throw new ElfFormatException($"{_what}: LEB128 value overflows 64 bits at offset 0x{_position - 1:x}");
            }

            if ((b & 0x80) == 0)
            {
                return result;
            }

            shift += 7;
            if (shift > 70)
            {
                throw new ElfFormatException($"{_what}: LEB128 value longer than 10 bytes at offset 0x{_position - 1:x}");
            }
        }
    }

    public long ReadSLeb128()
    {
        long result = 0;
        var shift = 0;
        byte b;
        do
        {
            b = ReadU8();
            if (shift < 64)
            {
                result |= (long)(b & 0x7f) << shift;
            }

            shift += 7;
            if (shift > 70)
            {
                throw new ElfFormatException($"{_what}: LEB128 value longer than 10 bytes at offset 0x{_position - 1:x}");
            }
        }
        while ((b & 0x80) != 0);

        if (shift < 64 && (b & 0x40) != 0)
        {
            result |= -1L << shift;
        }

        return result;
    }

    /// <summary>A ULEB128 that must fit an int (a count or a length).</summary>
    public int ReadULeb128AsInt()
    {
        var start = _position;
        var value = ReadULeb128();
        return value <= int.MaxValue ? (int)value : throw new ElfFormatException($"{_what}: value 0x{value:x} at offset 0x{start:x} is too large");
    }

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>Reads a NUL-terminated string and returns it without the terminator.</summary>
    public ReadOnlySpan<byte> ReadCString()
    {
        var rest = _data[_position..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw new ElfFormatException($"{_what}: string at offset 0x{_position:x} has no terminating NUL");
        }

        _position += end + 1;
        return rest[..end];
    }

    public void Skip(ulong count)
    {
        if (count > (ulong)Remaining)
        {
            throw Truncated(count);
        }

        _position += (int)count;
    }

    public void Align(int alignment)
    {
        var aligned = (_position + alignment - 1) & ~(alignment - 1);
        _position = Math.Min(aligned, _data.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)(_data.Length - _position))
        {
            throw Truncated((ulong)count);
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    private readonly ElfFormatException Truncated(ulong wanted) =>
        new($"{_what}: truncated at offset 0x{_position:x} reading {wanted} bytes (size 0x{_data.Length:x})");
}
