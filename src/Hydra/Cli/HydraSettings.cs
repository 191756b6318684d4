using Backtrace.Hydra.Loading;
using Backtrace.Hydra.Sources;

namespace Backtrace.Hydra.Cli;

/// <summary>What the command line asked for, validated.</summary>
public sealed record HydraSettings
{
    /// <summary>The snapshot file to open, when not fetching from a server.</summary>
    public string? File { get; init; }

    /// <summary>The snapshot to fetch, when <c>--server</c> was given.</summary>
    public ServerSnapshotRequest? Server { get; init; }

    /// <summary>Where build-time source paths are found on this machine.</summary>
    public SourceMap SourceMap { get; init; } = SourceMap.Empty;

    /// <summary>No colours (<c>--mono</c> or the <c>NO_COLOR</c> environment variable).</summary>
    public bool Monochrome { get; init; }

    /// <summary>Bounds on the snapshot read.</summary>
    public LoadLimits Limits { get; init; } = new();

    /// <summary>Print full exception details on errors.</summary>
    public bool Diagnostics { get; init; }
}
