using Backtrace.Elf;

namespace Backtrace.Unwinding.Modules;

/// <summary>
/// Finds the separate debug file of an object the way gdb and elfutils do: by build-id under each debug root
/// (<c>ROOT/.build-id/ab/cdef....debug</c>, build-id checked), then by <c>.gnu_debuglink</c> beside the object, in its
/// <c>.debug/</c> directory and under each root (<c>ROOT/DIR/NAME</c>), CRC-32 checked.
/// </summary>
internal static class DebugFileLocator
{
    /// <summary>The debug file of <paramref name="file"/>, or null with the reason when one was named but none fits.</summary>
    public static ElfFile? Find(ElfFile file, string localPath, ModuleCacheOptions options, ElfReadLimits limits, out string? problem)
    {
        problem = null;
        if (file.BuildId is { Length: >= 2 } buildId)
        {
            var hex = Convert.ToHexStringLower(buildId);
            foreach (var root in options.DebugDirectories)
            {
                var candidate = Path.Combine(root, ".build-id", hex[..2], hex[2..] + ".debug");
                if (TryOpen(candidate, limits) is { } debug)
                {
                    if (debug.BuildId is { } id && id.AsSpan().SequenceEqual(buildId))
                    {
                        return debug;
                    }

                    problem = $"{candidate} has build-id {(debug.BuildId is { } other ? Convert.ToHexStringLower(other) : "none")}, not {hex}";
                    debug.Dispose();
                }
            }
        }

        if (file.DebugLink is not { } link)
        {
            return null;
        }

        var directory = Path.GetDirectoryName(localPath) ?? "/";
        var ownPath = Path.GetFullPath(localPath);
        var candidates = new List<string> { Path.Combine(directory, link.FileName), Path.Combine(directory, ".debug", link.FileName) };
        foreach (var root in options.DebugDirectories)
        {
            candidates.Add(Path.Combine(root, directory.TrimStart('/'), link.FileName));
        }

        foreach (var candidate in candidates)
        {
            if (Path.GetFullPath(candidate) == ownPath || !File.Exists(candidate))
            {
                continue;
            }

            uint crc;
            try
            {
                crc = Crc32.OfFile(candidate);
            }
            catch (IOException e)
            {
                problem = $"{candidate}: {e.Message}";
                continue;
            }
            catch (UnauthorizedAccessException e)
            {
                problem = $"{candidate}: {e.Message}";
                continue;
            }

            if (crc != link.Crc)
            {
                problem = $"{candidate} has CRC 0x{crc:x8}, but .gnu_debuglink of {localPath} expects 0x{link.Crc:x8}";
                continue;
            }

            if (TryOpen(candidate, limits) is { } debug)
            {
                return debug;
            }
        }

        problem ??= $".gnu_debuglink names {link.FileName}, which is in none of: {string.Join(", ", candidates)}";
        return null;
    }

    private static ElfFile? TryOpen(string path, ElfReadLimits limits)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return ElfFile.Open(path, limits);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ElfFormatException)
        {
            return null;
        }
    }
}
