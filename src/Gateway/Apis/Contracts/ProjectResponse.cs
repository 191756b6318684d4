using Backtrace.Grains.Projects;
using Backtrace.Storage.Projects;

namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>A project with its totals.</summary>
public sealed record ProjectResponse(
    string Name, string? DisplayName, DateTimeOffset CreatedAt, long GroupCount, long SnapshotCount, DateTimeOffset? LastSeen, string GroupsUrl)
{
    public static ProjectResponse From(ProjectSummary project) => new(
        project.Name, project.DisplayName, project.CreatedAt, project.GroupCount, project.SnapshotCount, project.LastSeen,
        ApiPaths.Groups(project.Name));

    /// <summary>A project just created: no groups, no snapshots yet.</summary>
    public static ProjectResponse Created(ProjectInfo project) => new(
        project.Name, project.Settings.DisplayName, project.CreatedAt, 0, 0, null, ApiPaths.Groups(project.Name));
}
