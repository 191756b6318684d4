namespace Backtrace.Storage.Projects;

/// <summary>The list of projects, for listing without activating every project grain.</summary>
public interface IProjectCatalog
{
    /// <summary>Adds or updates a project's row. Called by the project grain; completes once durable.</summary>
    Task UpsertAsync(ProjectRow project, CancellationToken cancellationToken = default);

    /// <summary>Every project, by name, with its group and snapshot totals.</summary>
    Task<IReadOnlyList<ProjectSummary>> ListAsync(CancellationToken cancellationToken = default);
}
