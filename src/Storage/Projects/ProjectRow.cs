namespace Backtrace.Storage.Projects;

/// <summary>A project as the catalog stores it.</summary>
public sealed record ProjectRow
{
    public required string Name { get; init; }

    public string? DisplayName { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
