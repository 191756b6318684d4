using Backtrace.Storage.Projects;

namespace Backtrace.Storage.Embedded.Sqlite;

/// <summary><see cref="IProjectCatalog"/> on the embedded database.</summary>
public sealed class SqliteProjectCatalog(SqliteDatabase database) : IProjectCatalog
{
    /// <inheritdoc />
    public Task UpsertAsync(ProjectRow project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        return database.Writer.WriteAsync(context => context.Execute(
            "INSERT INTO projects (name, display_name, created_at) VALUES ($name, $displayName, $createdAt) " +
            "ON CONFLICT (name) DO UPDATE SET display_name = excluded.display_name",
            ("$name", project.Name), ("$displayName", project.DisplayName), ("$createdAt", UnixTime.ToColumn(project.CreatedAt))));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProjectSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT p.name, p.display_name, p.created_at, count(g.fingerprint), coalesce(sum(g.count), 0), max(g.last_seen) " +
            "FROM projects p LEFT JOIN fault_groups g ON g.project = p.name GROUP BY p.name ORDER BY p.name";
        using var reader = command.ExecuteReader();
        var projects = new List<ProjectSummary>();
        while (reader.Read())
        {
            projects.Add(new ProjectSummary
            {
                Name = reader.GetString(0),
                DisplayName = reader.IsDBNull(1) ? null : reader.GetString(1),
                CreatedAt = UnixTime.FromColumn(reader.GetInt64(2)),
                GroupCount = reader.GetInt64(3),
                SnapshotCount = reader.GetInt64(4),
                LastSeen = reader.IsDBNull(5) ? null : UnixTime.FromColumn(reader.GetInt64(5)),
            });
        }

        return Task.FromResult<IReadOnlyList<ProjectSummary>>(projects);
    }
}
