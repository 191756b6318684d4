using Backtrace.Grains.FaultGroups;

namespace Backtrace.Storage.Index;

/// <summary>A page of a project's fault groups.</summary>
public sealed record FaultGroupQuery
{
    /// <summary>Largest accepted <see cref="Limit"/>.</summary>
    public const int MaxLimit = 500;

    public required string Project { get; init; }

    /// <summary>Only groups in this state; null for every state.</summary>
    public FaultGroupStatus? Status { get; init; }

    public FaultGroupSort Sort { get; init; } = FaultGroupSort.LastSeen;

    /// <summary>Rows to skip (0 or more).</summary>
    public int Offset { get; init; }

    /// <summary>Rows to return, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 50;
}
