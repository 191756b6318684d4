using Backtrace.Snapshots.Model;

namespace Backtrace.Capture.Linux.ProcFs;

/// <summary>
/// Parses <c>/proc/PID/maps</c> text in place. <see cref="Parse"/> allocates nothing (it runs while the
/// target is stopped); <see cref="ToMappings"/> makes the strings afterwards.
/// Line format: <c>start-end perms offset dev inode   path</c>.
/// </summary>
internal static class MapsParser
{
    /// <summary>Parses every line into <paramref name="entries"/> (grown when full); returns the count.</summary>
    public static int Parse(ReadOnlySpan<byte> text, ref MapsEntry[] entries)
    {
        var count = 0;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var lineLength = text[lineStart..].IndexOf((byte)'\n');
            if (lineLength < 0)
            {
                lineLength = text.Length - lineStart;
            }

            if (TryParseLine(text, lineStart, lineLength, out var entry))
            {
                if (count == entries.Length)
                {
                    Array.Resize(ref entries, Math.Max(16, entries.Length * 2));
                }

                entries[count++] = entry;
            }

            lineStart += lineLength + 1;
        }

        return count;
    }

    private static bool TryParseLine(ReadOnlySpan<byte> text, int lineStart, int lineLength, out MapsEntry entry)
    {
        entry = default;
        var line = text.Slice(lineStart, lineLength);
        var position = 0;
        if (!Hex(line, ref position, out entry.Start) || !Expect(line, ref position, (byte)'-') ||
            !Hex(line, ref position, out entry.End) || !Expect(line, ref position, (byte)' ') ||
            line.Length < position + 5)
        {
            return false;
        }

        entry.Readable = line[position] == 'r';
        entry.Writable = line[position + 1] == 'w';
        entry.Executable = line[position + 2] == 'x';
        entry.Shared = line[position + 3] == 's';
        position += 4;
        if (!Expect(line, ref position, (byte)' ') || !Hex(line, ref position, out entry.Offset) ||
            !Expect(line, ref position, (byte)' '))
        {
            return false;
        }

        // Device "fd:01": skip to the next space.
        while (position < line.Length && line[position] != ' ')
        {
            position++;
        }

        if (!Expect(line, ref position, (byte)' ') || !Decimal(line, ref position, out entry.Inode))
        {
            return false;
        }

        while (position < line.Length && line[position] == ' ')
        {
            position++;
        }

        entry.PathStart = lineStart + position;
        entry.PathLength = line.Length - position;
        return true;
    }

    /// <summary>The mapping's path, with the kernel's " (deleted)" suffix removed; null for anonymous memory.</summary>
    public static string? PathOf(ReadOnlySpan<byte> text, in MapsEntry entry)
    {
        if (entry.PathLength == 0)
        {
            return null;
        }

        var path = text.Slice(entry.PathStart, entry.PathLength);
        var deleted = " (deleted)"u8;
        if (entry.IsFileBacked && path.EndsWith(deleted))
        {
            path = path[..^deleted.Length];
        }

        return System.Text.Encoding.UTF8.GetString(path);
    }

    /// <summary>The snapshot's memory map.</summary>
    public static List<MemoryMapping> ToMappings(ReadOnlySpan<byte> text, ReadOnlySpan<MapsEntry> entries)
    {
        var mappings = new List<MemoryMapping>(entries.Length);
        foreach (ref readonly var entry in entries)
        {
            mappings.Add(new MemoryMapping
            {
                Start = entry.Start,
                End = entry.End,
                Offset = entry.Offset,
                Permissions = Permissions(entry),
                Path = PathOf(text, entry),
            });
        }

        return mappings;
    }

    public static string Permissions(in MapsEntry entry) => string.Create(4, entry, static (span, e) =>
    {
        span[0] = e.Readable ? 'r' : '-';
        span[1] = e.Writable ? 'w' : '-';
        span[2] = e.Executable ? 'x' : '-';
        span[3] = e.Shared ? 's' : 'p';
    });

    private static bool Expect(ReadOnlySpan<byte> line, ref int position, byte expected)
    {
        if (position < line.Length && line[position] == expected)
        {
            position++;
            return true;
        }

        return false;
    }

    private static bool Hex(ReadOnlySpan<byte> line, ref int position, out ulong value)
    {
        value = 0;
        var start = position;
        while (position < line.Length && position - start < 16)
        {
            var c = line[position];
            int digit = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                break;
            }

            value = (value << 4) | (uint)digit;
            position++;
        }

        return position > start;
    }

    private static bool Decimal(ReadOnlySpan<byte> line, ref int position, out ulong value)
    {
        value = 0;
        var start = position;
        while (position < line.Length && line[position] is >= (byte)'0' and <= (byte)'9' && position - start < 20)
        {
            value = value * 10 + (ulong)(line[position] - '0');
            position++;
        }

        return position > start;
    }
}
