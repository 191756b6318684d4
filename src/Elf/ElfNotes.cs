using System.Text;

namespace Backtrace.Elf;

/// <summary>Parses note records (<c>{u32 namesz, u32 descsz, u32 type, name, desc}</c>, each part padded to the alignment).</summary>
public static class ElfNotes
{
    /// <summary>The GNU build-id note type (NT_GNU_BUILD_ID).</summary>
    public const uint GnuBuildId = 3;

    /// <summary>
    /// Parses every note in <paramref name="data"/>. Linux cores and most objects pad to 4 bytes even in ELF64;
    /// <c>.note.gnu.property</c> segments (p_align 8) pad to 8.
    /// </summary>
    /// <param name="data">The note segment or section bytes.</param>
    /// <param name="alignment">4 or 8.</param>
    /// <param name="maxNotes">Most notes accepted.</param>
    /// <param name="baseOffset">Added to each <see cref="ElfNote.DescriptorOffset"/> (e.g. the segment's file offset).</param>
    /// <exception cref="ElfFormatException">A record is truncated or there are more than <paramref name="maxNotes"/>.</exception>
    public static List<ElfNote> Parse(ReadOnlySpan<byte> data, int alignment, int maxNotes, long baseOffset = 0)
    {
        if (alignment is not (4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "note alignment must be 4 or 8");
        }

        var notes = new List<ElfNote>();
        var reader = new SpanReader(data, "note");
        while (reader.Remaining >= 12)
        {
            var nameSize = reader.ReadU32();
            var descSize = reader.ReadU32();
            var type = reader.ReadU32();
            if (nameSize > (uint)reader.Remaining)
            {
                throw new ElfFormatException($"note at offset 0x{reader.Position - 12:x}: name size {nameSize} exceeds the {reader.Remaining} bytes left");
            }

            var name = reader.ReadBytes((int)nameSize);
            reader.Align(alignment);
            if (descSize > (uint)reader.Remaining)
            {
                throw new ElfFormatException($"note '{DecodeName(name)}' type 0x{type:x}: descriptor size {descSize} exceeds the {reader.Remaining} bytes left");
            }

            if (notes.Count >= maxNotes)
            {
                throw new ElfFormatException($"more than {maxNotes} notes (limit)");
            }

            notes.Add(new ElfNote(DecodeName(name), type, baseOffset + reader.Position, (int)descSize));
            reader.Skip(descSize);
            reader.Align(alignment);
        }

        return notes;
    }

    private static string DecodeName(ReadOnlySpan<byte> name)
    {
        var end = name.IndexOf((byte)0);
        if (end >= 0)
        {
            name = name[..end];
        }

        // The common owners come back as literals so a core with thousands of notes allocates no names.
        return name switch
        {
            [(byte)'G', (byte)'N', (byte)'U'] => "GNU",
            [(byte)'C', (byte)'O', (byte)'R', (byte)'E'] => "CORE",
            [(byte)'L', (byte)'I', (byte)'N', (byte)'U', (byte)'X'] => "LINUX",
            _ => Encoding.UTF8.GetString(name),
        };
    }
}
