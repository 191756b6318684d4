using Backtrace.Elf;

namespace Backtrace.Unwinding.Modules;

/// <summary>
/// Opens ELF files by path (after <see cref="ModuleCacheOptions.PathMappings"/>) and finds their separate debug
/// files, keeping each image keyed by build-id (and by path, size and modification time) so repeated snapshots pay
/// parsing once. Thread-safe. Images stay open until <see cref="Trim"/> or <see cref="Dispose"/>.
/// </summary>
public sealed class ModuleCache : IDisposable
{
    private readonly object _sync = new();
    private readonly Dictionary<string, ModuleImage> _byBuildId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (FileStamp Stamp, ModuleImage Image)> _byPath = new(StringComparer.Ordinal);
    private readonly LinkedList<ModuleImage> _recent = new();
    private readonly Dictionary<ModuleImage, LinkedListNode<ModuleImage>> _nodes = [];
    private readonly ElfReadLimits _limits;
    private readonly ElfSectionCache? _sectionCache;

    /// <summary>Creates a cache; the options are validated here.</summary>
    public ModuleCache(ModuleCacheOptions? options = null)
    {
        Options = options ?? new ModuleCacheOptions();
        Options.Validate();
        _limits = new ElfReadLimits
        {
            MaxFileSize = Options.MaxFileSize,
            MaxDecompressedSectionSize = Options.MaxDecompressedSectionSize,
            MaxSymbols = Options.MaxSymbols,
        };
        _sectionCache = Options.InflatedSectionCacheDirectory is { } directory
            ? new ElfSectionCache(directory, Options.InflatedSectionCacheMaxBytes)
            : null;
    }

    /// <summary>The options in force.</summary>
    public ModuleCacheOptions Options { get; }

    /// <summary>Number of images held.</summary>
    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _nodes.Count;
            }
        }
    }

    /// <summary>
    /// Opens the file the target mapped at <paramref name="targetPath"/>. An image with the expected build-id already in
    /// the cache is returned without touching the disk. When <paramref name="expectedBuildId"/> is not empty and the file
    /// on disk has another build-id (it was upgraded since the crash), a file with the expected build-id under the debug
    /// directories (<c>.build-id/ab/cdef</c>, else <c>.build-id/ab/cdef.debug</c>, symbols and lines only) is used
    /// instead when there is one; otherwise the changed file is returned. Either way
    /// <see cref="ModuleLoadResult.Problem"/> says what happened.
    /// </summary>
    public ModuleLoadResult Load(string targetPath, ReadOnlySpan<byte> expectedBuildId)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetPath);
        var localPath = MapPath(targetPath);
        var expectedHex = expectedBuildId.IsEmpty ? null : Convert.ToHexStringLower(expectedBuildId);
        lock (_sync)
        {
            if (expectedHex is not null && _byBuildId.TryGetValue(expectedHex, out var known))
            {
                Touch(known);
                return new ModuleLoadResult(known, null, localPath);
            }
        }

        FileStamp stamp;
        try
        {
            var info = new FileInfo(localPath);
            if (!info.Exists)
            {
                return new ModuleLoadResult(null, $"{localPath}: file not found", localPath);
            }

            stamp = new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ModuleLoadResult(null, $"{localPath}: {e.Message}", localPath);
        }

        ModuleImage? image;
        lock (_sync)
        {
            image = _byPath.TryGetValue(localPath, out var entry) && entry.Stamp == stamp ? entry.Image : null;
            if (image is not null)
            {
                Touch(image);
            }
        }

        if (image is null)
        {
            try
            {
                image = Add(OpenImage(localPath), localPath, stamp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ElfFormatException)
            {
                return new ModuleLoadResult(null, e is ElfFormatException ? e.Message : $"{localPath}: {e.Message}", localPath);
            }
        }

        if (expectedHex is null || image.BuildIdHex == expectedHex)
        {
            return new ModuleLoadResult(image, null, localPath);
        }

        var changed = $"{localPath} on disk has build-id {image.BuildIdHex ?? "none"}, the target's was {expectedHex}: the file changed since it was loaded";
        return FindByBuildId(expectedHex) is { } matching
            ? new ModuleLoadResult(matching, $"{changed}; using {matching.Path}, which has the target's build-id", localPath)
            : new ModuleLoadResult(image, $"{changed}, so symbols and unwind tables may be wrong", localPath);
    }

    /// <summary>An image with build-id <paramref name="hex"/> from the debug directories, or null.</summary>
    private ModuleImage? FindByBuildId(string hex)
    {
        if (!Options.UseDebugFiles || hex.Length < 3)
        {
            return null;
        }

        foreach (var root in Options.DebugDirectories)
        {
            foreach (var suffix in new[] { "", ".debug" })
            {
                var candidate = Path.Combine(root, ".build-id", hex[..2], hex[2..] + suffix);
                if (!File.Exists(candidate))
                {
                    continue;
                }

                try
                {
                    var elf = ElfFile.Open(candidate, _limits);
                    if (elf.BuildId is { } id && Convert.ToHexStringLower(id) == hex)
                    {
                        elf.SectionCache = _sectionCache;
                        return Add(new ModuleImage(candidate, elf, null, null), null, default);
                    }

                    elf.Dispose();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ElfFormatException)
                {
                    // Not a usable file for that build-id; try the next candidate.
                }
            }
        }

        return null;
    }

    /// <summary>
    /// An image whose bytes came from the target's memory (the vDSO), cached by its build-id: <paramref name="readImage"/>
    /// runs only when no image with <paramref name="buildId"/> is held.
    /// </summary>
    /// <exception cref="ElfFormatException">The bytes are not a well-formed ELF image.</exception>
    public ModuleImage LoadFromMemory(string name, ReadOnlySpan<byte> buildId, Func<byte[]> readImage)
    {
        ArgumentNullException.ThrowIfNull(readImage);
        var hex = buildId.IsEmpty ? null : Convert.ToHexStringLower(buildId);
        lock (_sync)
        {
            if (hex is not null && _byBuildId.TryGetValue(hex, out var known))
            {
                Touch(known);
                return known;
            }
        }

        var image = new ModuleImage(name, ElfFile.FromImage(readImage(), name, _limits), null, null);
        return Add(image, null, default);
    }

    /// <summary>
    /// Closes the least recently used images beyond <see cref="ModuleCacheOptions.MaxCachedImages"/>. Call it only
    /// while no <see cref="Walking.ProcessUnwinder"/> that uses this cache is working: their images would be unmapped.
    /// </summary>
    public void Trim()
    {
        lock (_sync)
        {
            while (_nodes.Count > Options.MaxCachedImages && _recent.Last is { } oldest)
            {
                Remove(oldest.Value);
                oldest.Value.Dispose();
            }
        }
    }

    /// <summary>Releases every mapped file. No image of this cache may be used afterwards.</summary>
    public void Dispose()
    {
        lock (_sync)
        {
            foreach (var image in _nodes.Keys)
            {
                image.Dispose();
            }

            _nodes.Clear();
            _recent.Clear();
            _byBuildId.Clear();
            _byPath.Clear();
        }
    }

    internal string MapPath(string targetPath)
    {
        foreach (var mapping in Options.PathMappings)
        {
            if (mapping.TryApply(targetPath, out var mapped))
            {
                return mapped;
            }
        }

        return targetPath;
    }

    private ModuleImage OpenImage(string localPath)
    {
        var elf = ElfFile.Open(localPath, _limits);
        try
        {
            string? problem = null;
            var debug = Options.UseDebugFiles ? DebugFileLocator.Find(elf, localPath, Options, _limits, out problem) : null;
            elf.SectionCache = _sectionCache;
            if (debug is not null)
            {
                debug.SectionCache = _sectionCache;
            }

            return new ModuleImage(localPath, elf, debug, problem);
        }
        catch
        {
            elf.Dispose();
            throw;
        }
    }

    private ModuleImage Add(ModuleImage image, string? localPath, FileStamp stamp)
    {
        lock (_sync)
        {
            // Another thread may have opened the same file meanwhile: keep one image.
            if (image.BuildIdHex is { } hex && _byBuildId.TryGetValue(hex, out var existing))
            {
                image.Dispose();
                image = existing;
            }
            else
            {
                _nodes[image] = _recent.AddFirst(image);
                if (image.BuildIdHex is { } id)
                {
                    _byBuildId[id] = image;
                }
            }

            if (localPath is not null)
            {
                _byPath[localPath] = (stamp, image);
            }

            Touch(image);
            return image;
        }
    }

    private void Touch(ModuleImage image)
    {
        if (_nodes.TryGetValue(image, out var node) && node != _recent.First)
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
        }
    }

    private void Remove(ModuleImage image)
    {
        if (_nodes.Remove(image, out var node))
        {
            _recent.Remove(node);
        }

        if (image.BuildIdHex is { } id && _byBuildId.TryGetValue(id, out var held) && held == image)
        {
            _byBuildId.Remove(id);
        }

        foreach (var (path, entry) in _byPath.ToArray())
        {
            if (entry.Image == image)
            {
                _byPath.Remove(path);
            }
        }
    }

    private readonly record struct FileStamp(long Length, long ModifiedTicks);
}
