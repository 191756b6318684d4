namespace Backtrace.Grains.Projects;

/// <summary>What ingest needs from a project: how to fingerprint its snapshots.</summary>
// Never changed after it is built, and the rules list it shares with the project state is replaced, never edited: passed without a copy inside a process (one per snapshot).
[GenerateSerializer]
[Immutable]
[Alias("Backtrace.Grains.Projects.ProjectIngestConfig")]
public sealed record ProjectIngestConfig
{
    [Id(0)]
    public required string Project { get; init; }

    /// <summary>The fingerprint algorithm version the project is pinned to.</summary>
    [Id(1)]
    public required int FingerprintVersion { get; init; }

    [Id(2)]
    public required int FingerprintFrames { get; init; }

    [Id(3)]
    public required IReadOnlyList<DedupRule> DedupRules { get; init; }

    /// <summary>Increases with every change of the rules or settings, so callers can cache compiled rules.</summary>
    [Id(4)]
    public required int Revision { get; init; }

    /// <summary>Lua analysis rules, run in order before fingerprinting.</summary>
    [Id(5)]
    public IReadOnlyList<AnalysisRule> AnalysisRules { get; init; } = [];
}
