namespace Backtrace.Storage.Projects;

/// <summary>A project with its totals, as listed.</summary>
public sealed record ProjectSummary
{
    public required string Name { get; init; }

    public string? DisplayName { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required long GroupCount { get; init; }

    public required long SnapshotCount { get; init; }

    /// <summary>Latest last-seen of its groups; null for a project without snapshots.</summary>
    public DateTimeOffset? LastSeen { get; init; }
}
