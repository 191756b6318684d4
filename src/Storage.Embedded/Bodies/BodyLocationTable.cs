using Backtrace.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Backtrace.Storage.Embedded.Bodies;

/// <summary>
/// Where each body is, in the embedded database: <c>body_locations</c> maps (project, uuid) to a segment, offset
/// and length, and <c>body_segments</c> records for each segment how far its records are all in that map
/// (<c>indexed_to</c>). Locations are written after their bodies are durable and are not waited for: a crash
/// can lose the last ones, and recovery finds them again by reading each segment from its <c>indexed_to</c>.
/// </summary>
internal sealed class BodyLocationTable(SqliteDatabase database)
{
    private const string FindSql = "SELECT segment, body_offset, body_length FROM body_locations WHERE project = $project AND uuid = $uuid";

    /// <summary>The location of a body; null when none is recorded.</summary>
    public BodyLocation? Find(string project, Guid uuid)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = FindSql;
        return Find(command, project, uuid);
    }

    /// <summary>A lookup that keeps one connection and prepared statement, for the thread that checks every put.</summary>
    public Lookup OpenLookup() => new(database.OpenReader());

    /// <summary>How far each segment's records are all recorded here, by segment.</summary>
    public Dictionary<long, long> IndexedExtents()
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT segment, indexed_to FROM body_segments";
        using var reader = command.ExecuteReader();
        var extents = new Dictionary<long, long>();
        while (reader.Read())
        {
            extents[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return extents;
    }

    /// <summary>
    /// Records the locations of bodies written to <paramref name="segment"/> between <paramref name="start"/> and
    /// <paramref name="end"/> (every record there), in the writer's next batch. <c>indexed_to</c> moves to
    /// <paramref name="end"/> only if it stood at <paramref name="start"/>: after a lost write it stays behind, and
    /// recovery reads the segment from there.
    /// </summary>
    public Task RecordAsync(long segment, long start, long end, IReadOnlyList<(string Project, Guid Uuid, BodyLocation Location)> bodies) =>
        database.Writer.WriteAsync(context =>
        {
            foreach (var (project, uuid, location) in bodies)
            {
                context.Execute(
                    "INSERT OR IGNORE INTO body_locations (project, uuid, segment, body_offset, body_length) VALUES ($project, $uuid, $segment, $offset, $length)",
                    ("$project", project), ("$uuid", uuid.ToString("D")), ("$segment", location.Segment), ("$offset", location.Offset), ("$length", location.Length));
            }

            if (start == 0)
            {
                context.Execute("INSERT OR IGNORE INTO body_segments (segment, indexed_to) VALUES ($segment, $end)", ("$segment", segment), ("$end", end));
            }

            context.Execute("UPDATE body_segments SET indexed_to = $end WHERE segment = $segment AND indexed_to = $start",
                ("$segment", segment), ("$start", start), ("$end", end));
            return true;
        });

    private static BodyLocation? Find(SqliteCommand command, string project, Guid uuid)
    {
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$project", project);
        command.Parameters.AddWithValue("$uuid", uuid.ToString("D"));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new BodyLocation(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2)) : null;
    }

    /// <summary>See <see cref="OpenLookup"/>. Used by one thread at a time.</summary>
    public sealed class Lookup : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;

        internal Lookup(SqliteConnection connection)
        {
            _connection = connection;
            _command = connection.CreateCommand();
            _command.CommandText = FindSql;
        }

        /// <summary>True when a body of (<paramref name="project"/>, <paramref name="uuid"/>) is recorded.</summary>
        public bool Contains(string project, Guid uuid) => Find(_command, project, uuid) is not null;

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
