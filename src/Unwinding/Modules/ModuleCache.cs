namespace Backtrace.Unwinding.Modules;

/// <summary>
/// Opens ELF files by path (after <see cref="ModuleCacheOptions.PathMappings"/>) and finds their separate debug
/// files, keeping each image keyed by build-id (or by path, size and modification time when it has none) so repeated
/// snapshots pay parsing once. Thread-safe.
/// </summary>
public sealed class ModuleCache : IDisposable
{
    /// <summary>Creates a cache; the options are validated here.</summary>
    public ModuleCache(ModuleCacheOptions? options = null)
    {
        Options = options ?? new ModuleCacheOptions();
        Options.Validate();
    }

    /// <summary>The options in force.</summary>
    public ModuleCacheOptions Options { get; }

    /// <summary>
    /// Opens the file the target mapped at <paramref name="targetPath"/>. When <paramref name="expectedBuildId"/> is
    /// not empty and the file on disk has another build-id, the image is still returned (its symbols may be wrong) and
    /// <see cref="ModuleLoadResult.Problem"/> says so; an image with the expected build-id found through the debug
    /// directories (<c>.build-id/xx/rest</c>) is preferred.
    /// </summary>
    public ModuleLoadResult Load(string targetPath, ReadOnlySpan<byte> expectedBuildId) => throw new NotImplementedException();

    /// <summary>Releases every mapped file.</summary>
    public void Dispose()
    {
    }
}
