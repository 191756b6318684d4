using Backtrace.Unwinding.Modules;

namespace Backtrace.Capture.Building;

/// <summary>
/// The agent's on-disk cache of what it derives from debug files, by build-id: inflated compressed debug sections and
/// symbol indexes. A one-shot agent (one process per crash) would otherwise pay zlib and symbol sorting on every
/// snapshot; with the cache it pays them once per library version on a host.
/// </summary>
public static class AgentCache
{
    /// <summary>Default directory (created on first use; a directory the agent cannot write only costs speed).</summary>
    public const string DefaultDirectory = "/var/cache/backtrace-agent";

    /// <summary>Default bound on the cache's size: about 30 versions of glibc's debug sections.</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>Points <paramref name="options"/> at the cache in <paramref name="directory"/> (null: no cache).</summary>
    public static ModuleCacheOptions Use(ModuleCacheOptions options, string? directory, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.InflatedSectionCacheDirectory = directory;
        options.InflatedSectionCacheMaxBytes = maxBytes;
        return options;
    }
}
