using System.Text;
using Backtrace.Dwarf.Info;
using Backtrace.Elf;

namespace Backtrace.Dwarf.Lines;

/// <summary>
/// The directory and file tables of a line program header: DWARF 2-4 include_directories/file_names, and DWARF 5
/// entry formats (<c>DW_LNCT_path</c>, <c>directory_index</c>, MD5 and the rest) with their forms. Paths are joined the
/// way elfutils prints them: absolute names as they are, relative ones under their directory.
/// </summary>
internal static class LineFileTable
{
    private const int MaxFiles = 1 << 20;

    public static string?[] ReadLegacy(ref SpanReader reader, string? compDir, string what)
    {
        var directories = new List<string?> { compDir };
        while (true)
        {
            var directory = reader.ReadCString();
            if (directory.IsEmpty)
            {
                break;
            }

            directories.Add(Encoding.UTF8.GetString(directory));
        }

        var files = new List<string?> { null };
        while (true)
        {
            var name = reader.ReadCString();
            if (name.IsEmpty)
            {
                break;
            }

            var directoryIndex = reader.ReadULeb128();
            reader.ReadULeb128(); // modification time
            reader.ReadULeb128(); // length
            if (files.Count >= MaxFiles)
            {
                throw new ElfFormatException($"{what}: more than {MaxFiles} file entries");
            }

            files.Add(Join(directoryIndex < (ulong)directories.Count ? directories[(int)directoryIndex] : null, Encoding.UTF8.GetString(name)));
        }

        return [.. files];
    }

    public static string?[] ReadVersion5(ref SpanReader reader, DwarfSections sections, bool is64, string what)
    {
        var directories = ReadEntries(ref reader, sections, is64, what, null);
        return ReadEntries(ref reader, sections, is64, what, directories);
    }

    /// <summary>Reads a DWARF 5 entry-format table; with <paramref name="directories"/> given, entries are files joined to their directory.</summary>
    private static string?[] ReadEntries(ref SpanReader reader, DwarfSections sections, bool is64, string what, string?[]? directories)
    {
        var formatCount = reader.ReadU8();
        Span<(ulong ContentType, ulong Form)> formats = stackalloc (ulong, ulong)[formatCount];
        for (var i = 0; i < formatCount; i++)
        {
            formats[i] = (reader.ReadULeb128(), reader.ReadULeb128());
        }

        var count = reader.ReadULeb128();
        if (count > MaxFiles)
        {
            throw new ElfFormatException($"{what}: {count} directory or file entries exceed the limit of {MaxFiles}");
        }

        var entries = new string?[count];
        for (var i = 0; i < (int)count; i++)
        {
            string? path = null;
            ulong directoryIndex = 0;
            foreach (var (contentType, form) in formats)
            {
                var value = ReadFormValue(ref reader, form, is64, what, out var text, sections);
                if (contentType == 1)
                {
                    path = text;
                }
                else if (contentType == 2)
                {
                    directoryIndex = value;
                }
            }

            entries[i] = directories is null
                ? path
                : Join(directoryIndex < (ulong)directories.Length ? directories[directoryIndex] : null, path);
        }

        return entries;
    }

    private static ulong ReadFormValue(ref SpanReader reader, ulong form, bool is64, string what, out string? text, DwarfSections sections)
    {
        text = null;
        switch (form)
        {
            case DwarfForm.String:
                text = Encoding.UTF8.GetString(reader.ReadCString());
                return 0;
            case DwarfForm.LineStrp:
                text = ReadString(sections.LineStr.Span, reader.ReadOffset(is64));
                return 0;
            case DwarfForm.Strp:
                text = ReadString(sections.Str.Span, reader.ReadOffset(is64));
                return 0;
            case DwarfForm.Udata: return reader.ReadULeb128();
            case DwarfForm.Data1: return reader.ReadU8();
            case DwarfForm.Data2: return reader.ReadU16();
            case DwarfForm.Data4: return reader.ReadU32();
            case DwarfForm.Data8: return reader.ReadU64();
            case DwarfForm.Data16: reader.Skip(16); return 0;
            case DwarfForm.Block: reader.Skip(reader.ReadULeb128()); return 0;
            case DwarfForm.Strx or DwarfForm.Strx1 or DwarfForm.Strx2 or DwarfForm.Strx3 or DwarfForm.Strx4:
                // Indexed strings need the unit's str_offsets_base, which a line table does not carry: keep the entry nameless.
                reader.Skip(form switch { DwarfForm.Strx1 => 1, DwarfForm.Strx2 => 2, DwarfForm.Strx3 => 3, DwarfForm.Strx4 => 4, _ => 0 });
                if (form == DwarfForm.Strx)
                {
                    reader.ReadULeb128();
                }

                return 0;
            default:
                throw new ElfFormatException($"{what}: unsupported form 0x{form:x} in a directory or file entry");
        }
    }

    private static string? ReadString(ReadOnlySpan<byte> table, ulong offset)
    {
        if (offset >= (ulong)table.Length)
        {
            return null;
        }

        var rest = table[(int)offset..];
        var end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? rest[..end] : rest);
    }

    private static string? Join(string? directory, string? name)
    {
        if (name is null)
        {
            return null;
        }

        return name.StartsWith('/') || string.IsNullOrEmpty(directory) ? name : $"{directory.TrimEnd('/')}/{name}";
    }
}
