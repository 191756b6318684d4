namespace Backtrace.Elf;

/// <summary>
/// An on-disk cache of inflated compressed sections, keyed by build-id, section name and size: a one-shot process
/// (the capture agent run from <c>core_pattern</c>) inflates a distribution's compressed debug info once and later maps
/// the inflated bytes instead of paying zlib again. Files are written atomically; a bad or missing file is simply
/// rebuilt; the total size is capped. Cached bytes are parsed with the same bounds checks as any input.
/// </summary>
public sealed class ElfSectionCache
{
    private readonly object _sync = new();
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

    /// <summary>Most bytes the cache writes in total.</summary>
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
        if (path is null)
        {
            return;
        }

        lock (_sync)
        {
            try
            {
                _usedBytes ??= System.IO.Directory.Exists(Directory)
                    ? System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
                    : 0;
                if (_usedBytes + data.Length > MaxBytes)
                {
                    return;
                }

                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
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
