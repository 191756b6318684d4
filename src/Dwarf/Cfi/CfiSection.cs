using Backtrace.Elf;

namespace Backtrace.Dwarf.Cfi;

/// <summary>
/// The bytes of one <c>.eh_frame</c> or <c>.debug_frame</c> section and the CIEs parsed from it (cached by offset).
/// The two formats differ in CIE ids, CIE pointers and pointer encodings; this type hides that.
/// </summary>
internal sealed class CfiSection
{
    private readonly Dictionary<int, CommonInformationEntry> _cies = [];
    private readonly object _sync = new();

    public CfiSection(ReadOnlyMemory<byte> data, ulong address, bool isEhFrame, string name)
    {
        Data = data;
        Address = address;
        IsEhFrame = isEhFrame;
        Name = name;
    }

    /// <summary>The section bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Virtual address of byte 0 (for pc-relative pointers); 0 for <c>.debug_frame</c>.</summary>
    public ulong Address { get; }

    public bool IsEhFrame { get; }

    /// <summary>File and section, for messages.</summary>
    public string Name { get; }

    /// <summary>Parses the FDE at <paramref name="offset"/>; false (with no error) when the entry there is a CIE or the terminator.</summary>
    /// <exception cref="ElfFormatException">The entry or its CIE is malformed.</exception>
    public bool TryParseFde(int offset, out FrameDescriptionEntry fde, out int nextOffset)
    {
        fde = default;
        var reader = new SpanReader(Data.Span, Name, offset);
        if (!TryReadHeader(ref reader, out var end, out var id, out var idFieldOffset, out var is64))
        {
            nextOffset = -1;
            return false;
        }

        nextOffset = end;
        if (IsCie(id, is64))
        {
            return false;
        }

        var cieOffset = IsEhFrame ? (long)idFieldOffset - (long)id : (long)id;
        if (cieOffset < 0 || cieOffset >= Data.Length)
        {
            throw new ElfFormatException($"{Name}: FDE at 0x{offset:x} points to a CIE at 0x{cieOffset:x}, outside the section");
        }

        var cie = GetCie((int)cieOffset);
        var bounded = new SpanReader(Data.Span[..end], Name, reader.Position);
        ulong start, range;
        if (IsEhFrame)
        {
            // Messages name the section; the reader's own errors add the offset. No string is built on this hot path.
            start = PointerEncoding.Read(ref bounded, cie.FdeEncoding, Address, 0, Name);
            range = PointerEncoding.Read(ref bounded, (byte)(cie.FdeEncoding & 0x0f), Address, 0, Name);
        }
        else
        {
            start = bounded.ReadU64();
            range = bounded.ReadU64();
        }

        if (cie.HasAugmentationData)
        {
            bounded.Skip(bounded.ReadULeb128());
        }

        fde = new FrameDescriptionEntry(cie, start, start + range < start ? ulong.MaxValue : start + range, bounded.Position, end);
        return true;
    }

    /// <summary>The CIE at <paramref name="offset"/>, parsed once.</summary>
    public CommonInformationEntry GetCie(int offset)
    {
        lock (_sync)
        {
            if (_cies.TryGetValue(offset, out var cached))
            {
                return cached;
            }
        }

        var cie = ParseCie(offset);
        lock (_sync)
        {
            _cies[offset] = cie;
        }

        return cie;
    }

    private CommonInformationEntry ParseCie(int offset)
    {
        var reader = new SpanReader(Data.Span, Name, offset);
        if (!TryReadHeader(ref reader, out var end, out var id, out _, out var is64) || !IsCie(id, is64))
        {
            throw new ElfFormatException($"{Name}: the entry at 0x{offset:x} that an FDE names as its CIE is not a CIE");
        }

        var what = $"{Name} CIE at 0x{offset:x}";
        reader = new SpanReader(Data.Span[..end], what, reader.Position);
        var version = reader.ReadU8();
        if (version is not (1 or 3 or 4))
        {
            throw new ElfFormatException($"{what}: unsupported version {version}");
        }

        var augmentation = reader.ReadCString();
        if (version == 4)
        {
            var addressSize = reader.ReadU8();
            reader.ReadU8(); // segment selector size
            if (addressSize != 8)
            {
                throw new ElfFormatException($"{what}: address size {addressSize} is not 8");
            }
        }

        var codeAlignment = reader.ReadULeb128();
        var dataAlignment = reader.ReadSLeb128();
        var raColumn = version == 1 ? reader.ReadU8() : reader.ReadULeb128();
        if (raColumn > 64)
        {
            throw new ElfFormatException($"{what}: return address column {raColumn} is not a register");
        }

        byte fdeEncoding = PointerEncoding.Absolute, lsdaEncoding = PointerEncoding.Omit;
        bool hasAugmentationData = false, isSignal = false;
        if (augmentation.Length > 0 && augmentation[0] == (byte)'z')
        {
            hasAugmentationData = true;
            var length = reader.ReadULeb128();
            var dataEnd = reader.Position + (long)Math.Min(length, (ulong)reader.Remaining);
            for (var i = 1; i < augmentation.Length; i++)
            {
                switch ((char)augmentation[i])
                {
                    case 'R': fdeEncoding = reader.ReadU8(); break;
                    case 'L': lsdaEncoding = reader.ReadU8(); break;
                    case 'P':
                        PointerEncoding.Skip(ref reader, reader.ReadU8(), what);
                        break;
                    case 'S': isSignal = true; break;
                    default:
                        // 'B' (AArch64 BTI), 'G' (MTE) and unknown letters: the length prefix lets us skip their data.
                        i = augmentation.Length;
                        break;
                }
            }

            if (length > (ulong)reader.Length)
            {
                throw new ElfFormatException($"{what}: augmentation data length {length} exceeds the entry");
            }

            reader.Position = (int)dataEnd;
        }
        else if (augmentation.SequenceEqual("eh"u8))
        {
            reader.Skip(8); // old GCC: the address of the exception table
        }
        else if (augmentation.Length > 0)
        {
            throw new ElfFormatException($"{what}: augmentation \"{System.Text.Encoding.ASCII.GetString(augmentation)}\" is not understood");
        }

        return new CommonInformationEntry(offset, codeAlignment, dataAlignment, (int)raColumn, fdeEncoding, lsdaEncoding,
            hasAugmentationData, isSignal, reader.Position, end);
    }

    private bool IsCie(ulong id, bool is64) => IsEhFrame ? id == 0 : id == (is64 ? ulong.MaxValue : 0xffffffff);

    /// <summary>Reads an entry's length and id; false at the terminator (length 0) or the end of the section.</summary>
    private bool TryReadHeader(ref SpanReader reader, out int end, out ulong id, out int idFieldOffset, out bool is64)
    {
        end = 0;
        id = 0;
        idFieldOffset = 0;
        is64 = false;
        if (reader.Remaining < 4)
        {
            return false;
        }

        var start = reader.Position;
        ulong length = reader.ReadU32();
        if (length == 0)
        {
            return false;
        }

        if (length == 0xffffffff)
        {
            is64 = true;
            length = reader.ReadU64();
        }

        if (length > (ulong)reader.Remaining || length < 4)
        {
            throw new ElfFormatException($"{Name}: entry at 0x{start:x} has length 0x{length:x}, beyond the section (0x{reader.Length:x} bytes)");
        }

        end = reader.Position + (int)length;
        idFieldOffset = reader.Position;
        id = is64 && !IsEhFrame ? reader.ReadU64() : reader.ReadU32();
        return true;
    }
}
