namespace Backtrace.Elf;

/// <summary>
/// An on-disk cache of inflated compressed sections, keyed by build-id, section name and size: a one-shot process
/// (the capture agent run from <c>core_pattern</c>) inflates a distribution's compressed debug info once and later maps
/// the inflated bytes instead of paying zlib again. Files are written atomically; a bad or missing file is simply
/// rebuilt; the total size is capped, the least recently used build-ids going first when it would be exceeded. Cached
/// bytes are parsed with the same bounds checks as any input; the directory must be writable only by the agent's user.
/// </summary>
public sealed class ElfSectionCache
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly object _sync = new();
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private long? _usedBytes;

    /// <summary>Creates a cache in <paramref name="directory"/> (created on first store) holding at most <paramref name="maxBytes"/>.</summary>
    public ElfSectionCache(string directory, long maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        Directory = directory;
        MaxBytes = maxBytes;
    }

    /// <summary>Where cached sections are kept.</summary>
    public string Directory { get; }

    /// <summary>Most bytes the cache holds in total.</summary>
    public long MaxBytes { get; }

    internal MappedFileStorage? TryOpen(byte[] buildId, string section, long size)
    {
        var path = PathOf(buildId, section, size);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            var storage = MappedFileStorage.Open(path, size);
            if (storage.Length == size)
            {
                Touch(Path.GetDirectoryName(path)!);
                return storage;
            }

            storage.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ElfFormatException)
        {
            // Unreadable or truncated: inflate again and overwrite it.
        }

        return null;
    }

    internal void Store(byte[] buildId, string section, byte[] data)
    {
        var path = PathOf(buildId, section, data.Length);
        if (path is null || data.Length > MaxBytes)
        {
            return;
        }

        var owner = Path.GetDirectoryName(path)!;
        lock (_sync)
        {
            try
            {
                _usedBytes ??= SizeOf(Directory);
                if (_usedBytes + data.Length > MaxBytes)
                {
                    _usedBytes -= Evict(_usedBytes.Value + data.Length - MaxBytes, owner);
                    if (_usedBytes + data.Length > MaxBytes)
                    {
                        return;
                    }
                }

                CreateDirectory(Directory);
                CreateDirectory(owner);
                var temporary = path + $".{Environment.ProcessId}.tmp";
                File.WriteAllBytes(temporary, data);
                File.Move(temporary, path, overwrite: true);
                _usedBytes += data.Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The cache is an optimisation: a read-only or full disk only costs the next run its inflation time.
            }
        }
    }

    /// <summary>
    /// Deletes whole build-id directories, least recently used first (a directory's modification time is refreshed
    /// whenever one of its sections is mapped), until <paramref name="needed"/> bytes are freed; never <paramref name="keep"/>.
    /// Returns the bytes freed.
    /// </summary>
    private long Evict(long needed, string keep)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        var candidates = new List<(DateTime Used, string Path)>();
        foreach (var entry in System.IO.Directory.EnumerateDirectories(Directory))
        {
            if (entry != keep)
            {
                candidates.Add((System.IO.Directory.GetLastWriteTimeUtc(entry), entry));
            }
        }

        candidates.Sort((a, b) => a.Used.CompareTo(b.Used));
        long freed = 0;
        foreach (var (_, entry) in candidates)
        {
            if (freed >= needed)
            {
                break;
            }

            var size = SizeOf(entry);
            try
            {
                System.IO.Directory.Delete(entry, recursive: true);
                freed += size;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another agent may be deleting or filling it at the same moment; it is not counted as freed.
            }
        }

        return freed;
    }

    /// <summary>Marks a build-id as used now (once per process), for eviction order.</summary>
    private void Touch(string owner)
    {
        lock (_sync)
        {
            if (!_touched.Add(owner))
            {
                return;
            }
        }

        try
        {
            System.IO.Directory.SetLastWriteTimeUtc(owner, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache is still a cache; it only cannot record use.
        }
    }

    /// <summary>Creates a directory others may read but not write (cached bytes are trusted to be what was stored).</summary>
    private static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
        }
        else
        {
            System.IO.Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    private static long SizeOf(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return 0;
        }

        long total = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            total += file.Length;
        }

        return total;
    }

    private string? PathOf(byte[] buildId, string section, long size)
    {
        foreach (var c in section)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_'))
            {
                return null;
            }
        }

        return buildId.Length == 0 ? null : Path.Combine(Directory, Convert.ToHexStringLower(buildId), $"{section.TrimStart('.')}.{size}");
    }
}
