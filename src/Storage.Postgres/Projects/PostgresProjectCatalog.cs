using Backtrace.Storage.Postgres.Index;
using Backtrace.Storage.Projects;
using Npgsql;

namespace Backtrace.Storage.Postgres.Projects;

/// <summary>The project list in PostgreSQL, with totals summed from the fault group rows.</summary>
public sealed class PostgresProjectCatalog(NpgsqlDataSource dataSource) : IProjectCatalog
{
    /// <inheritdoc />
    public Task UpsertAsync(ProjectRow project, CancellationToken cancellationToken = default) =>
        PostgresOutages.GuardAsync(() => UpsertCoreAsync(project, cancellationToken));

    private async Task UpsertCoreAsync(ProjectRow project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        await using var command = dataSource.CreateCommand("""
                INSERT INTO backtrace.projects (name, display_name, created_at) VALUES ($1, $2, $3)
                ON CONFLICT (name) DO UPDATE SET display_name = EXCLUDED.display_name, created_at = EXCLUDED.created_at
                """)
            .WithText(project.Name)
            .WithText(project.DisplayName)
            .WithTime(project.CreatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProjectSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        PostgresOutages.GuardAsync(() => ListCoreAsync(cancellationToken));

    private async Task<IReadOnlyList<ProjectSummary>> ListCoreAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT p.name, p.display_name, p.created_at, count(g.fingerprint), coalesce(sum(g.count), 0)::bigint, max(g.last_seen)
            FROM backtrace.projects p LEFT JOIN backtrace.fault_groups g ON g.project = p.name
            GROUP BY p.name ORDER BY p.name
            """);
        var projects = new List<ProjectSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            projects.Add(new ProjectSummary
            {
                Name = reader.GetString(0),
                DisplayName = reader.IsDBNull(1) ? null : reader.GetString(1),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(2),
                GroupCount = reader.GetInt64(3),
                SnapshotCount = reader.GetInt64(4),
                LastSeen = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            });
        }
        return projects;
    }
}
