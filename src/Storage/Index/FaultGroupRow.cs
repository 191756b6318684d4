using Backtrace.Grains.FaultGroups;

namespace Backtrace.Storage.Index;

/// <summary>A fault group's row in the query index, for listing and sorting groups.</summary>
public sealed record FaultGroupRow
{
    public required string Project { get; init; }

    public required string Fingerprint { get; init; }

    public required int FingerprintVersion { get; init; }

    public required long Count { get; init; }

    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>Workflow state as last written by the group's grain.</summary>
    public required FaultGroupStatus Status { get; init; }

    public DateTimeOffset? StatusChangedAt { get; init; }

    /// <summary>Normalized frames of the group's first snapshot, innermost first.</summary>
    public required IReadOnlyList<string> Callstack { get; init; }

    /// <summary>Classifiers of the group's first snapshot.</summary>
    public required IReadOnlyList<string> Classifiers { get; init; }

    /// <summary>The most recently recorded snapshot of the group.</summary>
    public required Guid LastSnapshot { get; init; }
}
