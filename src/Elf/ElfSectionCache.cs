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

    internal bool Contains(byte[] buildId, string section, long size) => PathOf(buildId, section, size) is { } path && File.Exists(path);

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

    /// <summary>
    /// Reserves room for a section of <paramref name="size"/> bytes (evicting least recently used build-ids if needed) and
    /// creates its file, mapped for writing: the caller inflates straight into the page cache, with no copy, then calls
    /// <see cref="Commit"/> (or <see cref="Abandon"/> if inflation failed). Null when the cache cannot take it (too large,
    /// read-only, disk full): the caller then inflates into memory.
    /// </summary>
    internal PendingSection? BeginStore(byte[] buildId, string section, long size)
    {
        var path = PathOf(buildId, section, size);
        if (path is null || size > MaxBytes)
        {
            return null;
        }

        var owner = Path.GetDirectoryName(path)!;
        lock (_sync)
        {
            try
            {
                _usedBytes ??= SizeOf(Directory);
                if (_usedBytes + size > MaxBytes)
                {
                    _usedBytes -= Evict(_usedBytes.Value + size - MaxBytes, owner);
                    if (_usedBytes + size > MaxBytes)
                    {
                        return null;
                    }
                }

                CreateDirectory(Directory);
                CreateDirectory(owner);
                var temporary = path + $".{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
                File.Delete(temporary);
                var storage = MappedFileStorage.Create(temporary, size);
                _usedBytes += size;
                return new PendingSection(storage, temporary, path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The cache is an optimisation: a read-only or full disk only costs the next run its inflation time.
                return null;
            }
        }
    }

    /// <summary>Publishes a fully written section under its final name (atomically) and returns its mapping.</summary>
    internal MappedFileStorage Commit(PendingSection pending)
    {
        try
        {
            File.Move(pending.TemporaryPath, pending.FinalPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still a correct mapping of the inflated bytes; only the next run cannot find it.
            File.Delete(pending.TemporaryPath);
        }

        return pending.Storage;
    }

    /// <summary>Drops a section whose inflation failed.</summary>
    internal void Abandon(PendingSection pending)
    {
        pending.Storage.Dispose();
        try
        {
            File.Delete(pending.TemporaryPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind, it is only counted against the bound until its build-id is evicted.
        }

        lock (_sync)
        {
            _usedBytes -= pending.Storage.Length;
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

    /// <summary>A section file being written: its writable mapping, temporary name and final name.</summary>
    internal sealed record PendingSection(MappedFileStorage Storage, string TemporaryPath, string FinalPath);
}
