namespace Backtrace.Unwinding.Modules;

/// <summary>Where <see cref="ModuleCache"/> finds files and how much it may read. Validate with <see cref="Validate"/>.</summary>
public sealed class ModuleCacheOptions
{
    /// <summary>
    /// Roots of separate debug files, searched by build-id (<c>ROOT/.build-id/ab/cdef....debug</c>) and by
    /// <c>.gnu_debuglink</c> (<c>ROOT/DIR-OF-MODULE/NAME</c>). Default: <c>/usr/lib/debug</c>, as gdb and elfutils.
    /// </summary>
    public List<string> DebugDirectories { get; set; } = ["/usr/lib/debug"];

    /// <summary>Prefix rewrites from target paths to local paths, tried in order; the first that matches wins.</summary>
    public List<PathMapping> PathMappings { get; set; } = [];

    /// <summary>Look for separate debug files at all. Default true.</summary>
    public bool UseDebugFiles { get; set; } = true;

    /// <summary>Most ELF images (executables, libraries, debug files) kept open. Default 512; least recently used go first.</summary>
    public int MaxCachedImages { get; set; } = 512;

    /// <summary>Largest file the cache maps. Default 4 GiB.</summary>
    public long MaxFileSize { get; set; } = 4L << 30;

    /// <summary>Largest size a compressed section may claim when inflated. Default 1 GiB.</summary>
    public long MaxDecompressedSectionSize { get; set; } = 1L << 30;

    /// <summary>Most symbols read from one symbol table. Default 4 million.</summary>
    public int MaxSymbols { get; set; } = 4_000_000;

    /// <summary>
    /// Directory where inflated compressed debug sections are kept by build-id, so a one-shot agent pays zlib once per
    /// library version rather than once per snapshot; null (the default) disables it.
    /// </summary>
    public string? InflatedSectionCacheDirectory { get; set; }

    /// <summary>Most bytes <see cref="InflatedSectionCacheDirectory"/> may hold. Default 1 GiB.</summary>
    public long InflatedSectionCacheMaxBytes { get; set; } = 1L << 30;

    /// <summary>A copy with its own lists, to derive per-snapshot options (extra path mappings) from shared ones.</summary>
    public ModuleCacheOptions Clone() => new()
    {
        DebugDirectories = [.. DebugDirectories],
        PathMappings = [.. PathMappings],
        UseDebugFiles = UseDebugFiles,
        MaxCachedImages = MaxCachedImages,
        MaxFileSize = MaxFileSize,
        MaxDecompressedSectionSize = MaxDecompressedSectionSize,
        MaxSymbols = MaxSymbols,
        InflatedSectionCacheDirectory = InflatedSectionCacheDirectory,
        InflatedSectionCacheMaxBytes = InflatedSectionCacheMaxBytes,
    };

    /// <summary>Checks every setting and throws <see cref="ArgumentException"/> saying which one is wrong and how to fix it.</summary>
    public void Validate()
    {
        if (DebugDirectories is null || DebugDirectories.Exists(d => string.IsNullOrEmpty(d) || !d.StartsWith('/')))
        {
            throw new ArgumentException($"{nameof(DebugDirectories)} must hold absolute directory paths (e.g. /usr/lib/debug)");
        }

        if (PathMappings is null || PathMappings.Exists(m => m is null || !m.From.StartsWith('/') || !m.To.StartsWith('/')))
        {
            throw new ArgumentException($"{nameof(PathMappings)} must map absolute prefixes to absolute directories (e.g. / -> /srv/sysroot/)");
        }

        if (MaxCachedImages < 1)
        {
            throw new ArgumentException($"{nameof(MaxCachedImages)} must be at least 1 (got {MaxCachedImages})");
        }

        if (MaxFileSize < 4096)
        {
            throw new ArgumentException($"{nameof(MaxFileSize)} must be at least 4096 bytes (got {MaxFileSize})");
        }

        if (MaxDecompressedSectionSize < 4096 || MaxDecompressedSectionSize > int.MaxValue)
        {
            throw new ArgumentException($"{nameof(MaxDecompressedSectionSize)} must be between 4096 and {int.MaxValue} bytes (got {MaxDecompressedSectionSize})");
        }

        if (InflatedSectionCacheDirectory is { } directory && !directory.StartsWith('/'))
        {
            throw new ArgumentException($"{nameof(InflatedSectionCacheDirectory)} must be an absolute path (got {directory})");
        }

        if (InflatedSectionCacheMaxBytes < 0)
        {
            throw new ArgumentException($"{nameof(InflatedSectionCacheMaxBytes)} must not be negative (got {InflatedSectionCacheMaxBytes})");
        }

        if (MaxSymbols < 1)
        {
            throw new ArgumentException($"{nameof(MaxSymbols)} must be at least 1 (got {MaxSymbols})");
        }
    }
}
