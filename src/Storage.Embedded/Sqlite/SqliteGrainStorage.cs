using System.Globalization;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Backtrace.Storage.Embedded.Sqlite;

/// <summary>
/// Orleans grain storage on the embedded database, with optimistic concurrency: the ETag is a per-record
/// version number, and a write whose ETag does not match the stored one fails with
/// <see cref="InconsistentStateException"/> and changes nothing. State is written with the Orleans serializer,
/// which tolerates added and removed <c>[Id]</c> members, so state classes can evolve across versions.
/// Writes share the database's group commit, so many grains writing at once cost one fsync per batch.
/// </summary>
public sealed class SqliteGrainStorage(SqliteDatabase database, Serializer serializer) : IGrainStorage
{
    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, data FROM grain_state WHERE grain_id = $grainId AND state_name = $stateName";
        command.Parameters.AddWithValue("$grainId", grainId.ToString());
        command.Parameters.AddWithValue("$stateName", stateName);
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
            grainState.State = serializer.Deserialize<T>((byte[])reader.GetValue(1));
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.State = Activator.CreateInstance<T>();
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = serializer.SerializeToArray(grainState.State);
        var id = grainId.ToString();
        var expected = ParseETag(grainState.ETag);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var outcome = await database.Writer.WriteAsync(context =>
        {
            var stored = context.Command("SELECT etag FROM grain_state WHERE grain_id = $grainId AND state_name = $stateName",
                ("$grainId", id), ("$stateName", stateName)).ExecuteScalar() as long?;
            if (stored != expected)
            {
                return new Outcome(false, stored);
            }

            var next = (stored ?? 0) + 1;
            context.Execute(
                "INSERT INTO grain_state (grain_id, state_name, etag, data, updated_at) VALUES ($grainId, $stateName, $etag, $data, $now) " +
                "ON CONFLICT (grain_id, state_name) DO UPDATE SET etag = excluded.etag, data = excluded.data, updated_at = excluded.updated_at",
                ("$grainId", id), ("$stateName", stateName), ("$etag", next), ("$data", data), ("$now", now));
            return new Outcome(true, next);
        }).ConfigureAwait(false);

        if (!outcome.Succeeded)
        {
            throw Inconsistent(grainId, stateName, outcome.StoredETag, grainState.ETag);
        }

        grainState.ETag = outcome.StoredETag!.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var id = grainId.ToString();
        var expected = ParseETag(grainState.ETag);
        var outcome = await database.Writer.WriteAsync(context =>
        {
            var stored = context.Command("SELECT etag FROM grain_state WHERE grain_id = $grainId AND state_name = $stateName",
                ("$grainId", id), ("$stateName", stateName)).ExecuteScalar() as long?;
            if (stored != expected)
            {
                return new Outcome(false, stored);
            }

            context.Execute("DELETE FROM grain_state WHERE grain_id = $grainId AND state_name = $stateName",
                ("$grainId", id), ("$stateName", stateName));
            return new Outcome(true, null);
        }).ConfigureAwait(false);

        if (!outcome.Succeeded)
        {
            throw Inconsistent(grainId, stateName, outcome.StoredETag, grainState.ETag);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    private static long? ParseETag(string? etag) =>
        etag is null ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new InconsistentStateException($"ETag '{etag}' was not issued by this storage", "", etag);

    private static InconsistentStateException Inconsistent(GrainId grainId, string stateName, long? stored, string? current) =>
        new($"state '{stateName}' of {grainId} was changed by another writer (stored ETag {stored?.ToString(CultureInfo.InvariantCulture) ?? "none"}, expected {current ?? "none"})",
            stored?.ToString(CultureInfo.InvariantCulture) ?? "", current ?? "");

    private readonly record struct Outcome(bool Succeeded, long? StoredETag);
}
