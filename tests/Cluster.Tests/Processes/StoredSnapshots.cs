using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Backtrace.LocalServices;
using Npgsql;

namespace Backtrace.Cluster.Tests.Processes;

/// <summary>What a cluster holds after a run, read from the index, the blob container and the fault group grains.</summary>
internal static class StoredSnapshots
{
    /// <summary>
    /// Every acknowledged snapshot has its index row and its body, and every fault group's counter (the
    /// grain's, through the API) equals its rows in the index, which count each stored snapshot once.
    /// </summary>
    public static async Task AssertAcknowledgedAreStoredAndCountedAsync(ProcessCluster cluster, IngestLoad load)
    {
        var rows = await ReadIndexAsync(cluster.Postgres.ConnectionString);
        var missing = load.Acknowledged.Keys.Where(uuid => !rows.ContainsKey(uuid)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {load.Acknowledged.Count} acknowledged snapshots have no index row, e.g. {missing.FirstOrDefault()}");

        var container = new BlobServiceClient(cluster.Azurite.ConnectionString).GetBlobContainerClient(cluster.SnapshotContainer);
        var bodies = new HashSet<Guid>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, ProcessCluster.Project + "/", CancellationToken.None))
        {
            bodies.Add(Guid.Parse(blob.Name[(ProcessCluster.Project.Length + 1)..]));
        }
        var withoutBody = load.Acknowledged.Keys.Where(uuid => !bodies.Contains(uuid)).ToList();
        Assert.True(withoutBody.Count == 0, $"{withoutBody.Count} acknowledged snapshots have no stored body, e.g. {withoutBody.FirstOrDefault()}");

        foreach (var group in rows.Values.GroupBy(fingerprint => fingerprint))
        {
            // A group grain that lived on a killed silo rebuilds its counter from the index when it comes back.
            await Eventually.TrueAsync(async () => await GroupCountAsync(cluster.Http, group.Key) == group.Count(), TimeSpan.FromSeconds(60),
                $"group {group.Key} to count its {group.Count()} indexed snapshots");
        }
    }

    private static async Task<Dictionary<Guid, string>> ReadIndexAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT uuid, fingerprint FROM backtrace.snapshots WHERE project = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ProcessCluster.Project });
        var rows = new Dictionary<Guid, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows[reader.GetGuid(0)] = reader.GetString(1);
        return rows;
    }

    private static async Task<long> GroupCountAsync(HttpClient http, string fingerprint)
    {
        var group = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{ProcessCluster.Project}/groups/{fingerprint}");
        return group.GetProperty("count").GetInt64();
    }
}
