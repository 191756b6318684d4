namespace Backtrace.Hydra.Sources;

/// <summary>Reads source files for the source view through a <see cref="SourceMap"/>, caching what it read.</summary>
public sealed class SourceFiles(SourceMap map, string? baseDirectory = null)
{
    /// <summary>Largest source file shown: 8 MiB. Bigger files are almost certainly not hand-written source.</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    private readonly Dictionary<string, SourceFile> _cache = new(StringComparer.Ordinal);

    /// <summary>Looks up the lines of a recorded source path; never throws.</summary>
    public SourceFile Read(string recordedPath)
    {
        if (_cache.TryGetValue(recordedPath, out var cached))
        {
            return cached;
        }

        var local = map.Map(recordedPath);
        if (!Path.IsPathRooted(local) && baseDirectory is not null)
        {
            local = Path.Combine(baseDirectory, local);
        }

        var file = Load(recordedPath, local);
        _cache[recordedPath] = file;
        return file;
    }

    private static SourceFile Load(string recordedPath, string local)
    {
        try
        {
            var info = new FileInfo(local);
            if (!info.Exists)
            {
                return SourceFile.Missing(recordedPath, local, "not found");
            }

            if (info.Length > MaxBytes)
            {
                return SourceFile.Missing(recordedPath, local, $"larger than {MaxBytes / (1024 * 1024)} MiB");
            }

            return new SourceFile(recordedPath, local, File.ReadAllLines(local), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return SourceFile.Missing(recordedPath, local, e.Message);
        }
    }
}
