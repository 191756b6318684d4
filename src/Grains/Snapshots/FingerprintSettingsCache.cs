using System.Collections.Concurrent;
using Backtrace.Deduplication;
using Backtrace.Grains.Projects;

namespace Backtrace.Grains.Snapshots;

/// <summary>
/// Compiled fingerprint settings per project, shared by every snapshot grain of the silo. Compiling a
/// project's regexes for each snapshot would cost more than fingerprinting it; the project's revision number
/// tells when the cached copy is stale.
/// </summary>
public sealed class FingerprintSettingsCache
{
    private readonly ConcurrentDictionary<string, (int Revision, FingerprintSettings Settings)> _byProject = new(StringComparer.Ordinal);

    /// <summary>The compiled settings for a project's ingest configuration.</summary>
    public FingerprintSettings Get(ProjectIngestConfig config)
    {
        if (_byProject.TryGetValue(config.Project, out var cached) && cached.Revision == config.Revision)
        {
            return cached.Settings;
        }

        var settings = new FingerprintSettings(config.FingerprintFrames, DedupRuleCompiler.Compile(config.DedupRules));
        _byProject[config.Project] = (config.Revision, settings);
        return settings;
    }
}
