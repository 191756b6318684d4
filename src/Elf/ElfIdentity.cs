using System.Buffers.Binary;
using System.Text;

namespace Backtrace.Elf;

/// <summary>Reads what identifies an object and names its debug file: the GNU build-id note and <c>.gnu_debuglink</c>.</summary>
internal static class ElfIdentity
{
    // Build-ids are 8 (xxhash), 16 (md5/uuid) or 20 (sha1) bytes; anything past 64 is not a build-id.
    private const int MaxBuildIdSize = 64;

    public static byte[]? FindBuildId(ElfFile file)
    {
        foreach (var segment in file.ProgramHeaders)
        {
            if (segment.Type == ElfSegmentType.Note && file.TryGetBytes(segment.Offset, segment.FileSize, out _)
                && FindIn(file, file.ReadNotes(segment)) is { } id)
            {
                return id;
            }
        }

        // Debug files keep the note section but their segments' bytes are NOBITS; relocatables have no segments.
        foreach (var section in file.Sections)
        {
            if (section.Type == 7 && file.TryGetBytes(section.Offset, section.Size, out _)
                && FindIn(file, file.ReadNotes(section)) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    public static ElfDebugLink? ReadDebugLink(ElfFile file)
    {
        if (file.FindSection(".gnu_debuglink") is not { } section
            || section.HasNoBits
            || !file.TryGetBytes(section.Offset, section.Size, out var bytes))
        {
            return null;
        }

        var end = bytes.IndexOf((byte)0);
        if (end <= 0)
        {
            return null;
        }

        var crcOffset = (end + 4) & ~3;
        if (crcOffset + 4 > bytes.Length)
        {
            return null;
        }

        var name = Encoding.UTF8.GetString(bytes[..end]);

        // A link is a bare file name; anything with a directory part could walk out of the search roots.
        if (name.Contains('/') || name is "." or "..")
        {
            return null;
        }

        return new ElfDebugLink(name, BinaryPrimitives.ReadUInt32LittleEndian(bytes[crcOffset..]));
    }

    private static byte[]? FindIn(ElfFile file, List<ElfNote> notes)
    {
        foreach (var note in notes)
        {
            if (note.Type == ElfNotes.GnuBuildId && note.Name == "GNU" && note.DescriptorSize is > 0 and <= MaxBuildIdSize)
            {
                return file.GetBytes((ulong)note.DescriptorOffset, (ulong)note.DescriptorSize, "build-id note").ToArray();
            }
        }

        return null;
    }
}
