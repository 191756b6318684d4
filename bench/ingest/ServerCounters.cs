using System.Net.Http.Headers;
using System.Text.Json;

namespace Backtrace.Bench.Ingest;

/// <summary>
/// The server's CPU and JIT time and storage commit counters at one moment, read from
/// <c>GET /api/v1/benchmark/counters</c> (served beside the no-op endpoint). Differences of two readings
/// give the CPU per snapshot and the writes per fsync of a run, figures that other load on the machine does
/// not change the way it changes throughput.
/// </summary>
internal sealed record ServerCounters(TimeSpan Cpu, TimeSpan? Jit, long? AllocatedBytes, int? GarbageCollections, IReadOnlyDictionary<string, long> Totals)
{
    public const string BodyCommits = "backtrace.storage.body.commits";
    public const string BodyWrites = "backtrace.storage.body.writes";
    public const string DatabaseCommits = "backtrace.storage.database.commits";
    public const string DatabaseWrites = "backtrace.storage.database.writes";
    public const string BodyCommitTime = "backtrace.storage.body.commit_time";
    public const string DatabaseCommitTime = "backtrace.storage.database.commit_time";

    public static async Task<ServerCounters> ReadAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/benchmark/counters");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        var root = document.RootElement;
        var totals = root.GetProperty("counters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
        return new ServerCounters(
            TimeSpan.FromMilliseconds(root.GetProperty("process_cpu_milliseconds").GetDouble()),
            TimeSpan.FromMilliseconds(root.GetProperty("jit_milliseconds").GetDouble()),
            root.GetProperty("allocated_bytes").GetInt64(),
            root.GetProperty("garbage_collections").GetInt32(),
            totals);
    }

    /// <summary>What happened between <paramref name="before"/> and this reading.</summary>
    public ServerCounters Since(ServerCounters before) => new(
        Cpu - before.Cpu,
        Jit - before.Jit,
        AllocatedBytes - before.AllocatedBytes,
        GarbageCollections - before.GarbageCollections,
        Totals.ToDictionary(t => t.Key, t => t.Value - before.Totals.GetValueOrDefault(t.Key), StringComparer.Ordinal));

    /// <summary>Writes per commit of a pair of counters; NaN without commits.</summary>
    public double PerCommit(string writes, string commits) =>
        Totals.GetValueOrDefault(commits) is > 0 and var c ? (double)Totals.GetValueOrDefault(writes) / c : double.NaN;
}
