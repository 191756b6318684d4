namespace Backtrace.Grains.Projects;

/// <summary>
/// A project's server-side Lua analysis rule (docs/lua-api.md): runs in the SnapshotGrain at ingest, in a
/// sandbox, before fingerprinting, and may add classifiers, attributes, annotations or a fingerprint.
/// </summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Projects.AnalysisRule")]
public sealed record AnalysisRule
{
    /// <summary>Rule name: 1-64 characters of a-z, 0-9, '.', '_', '-'; annotations say <c>lua/NAME</c>.</summary>
    [Id(0)]
    public required string Name { get; init; }

    /// <summary>Lua 5.4 source, at most 64 KiB.</summary>
    [Id(1)]
    public required string Source { get; init; }
}
