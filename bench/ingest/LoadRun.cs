using System.Diagnostics;
using System.Net.Http.Headers;

namespace Backtrace.Bench.Ingest;

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers, each posting one snapshot at a time until the deadline,
/// recording every request's latency. Bounded in time by construction.
/// </summary>
internal sealed class LoadRun(HttpClient client, SnapshotCorpus corpus, string token, int concurrency)
{
    /// <summary>
    /// Runs the load against <paramref name="path"/>. The server's counters come from its benchmark endpoint;
    /// <paramref name="processesCpu"/>, when given, measures the CPU instead (a cluster: the gateway and every
    /// silo), and the JIT and allocation figures, which the gateway alone reports, are left out.
    /// </summary>
    public async Task<LoadResult> RunAsync(string target, string path, TimeSpan duration, Func<TimeSpan>? processesCpu = null)
    {
        var before = await ServerCounters.ReadAsync(client, token);
        var cpuBefore = processesCpu?.Invoke();
        var clock = Stopwatch.StartNew();
        var deadline = duration;
        var workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(() => WorkAsync(path, clock, deadline, new Random(i * 7919 + Environment.TickCount)))).ToArray();
        var results = await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var server = (await ServerCounters.ReadAsync(client, token)).Since(before);
        if (processesCpu is not null)
        {
            server = server with { Cpu = processesCpu() - cpuBefore!.Value, Jit = null, AllocatedBytes = null, GarbageCollections = null };
        }

        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var failed = results.Sum(r => r.Failed);
        return new LoadResult(
            target,
            latencies.LongLength,
            failed,
            elapsed,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            server,
            results.Select(r => r.FirstFailure).FirstOrDefault(f => f is not null));
    }

    private async Task<WorkerResult> WorkAsync(string path, Stopwatch clock, TimeSpan deadline, Random random)
    {
        var buffer = new byte[corpus.MaxBodyLength];
        var latencies = new List<long>(64 * 1024);
        long failed = 0;
        string? firstFailure = null;
        while (clock.Elapsed < deadline)
        {
            var length = corpus.Next(random, buffer);
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(buffer, 0, length) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    latencies.Add(Stopwatch.GetTimestamp() - started);
                }
                else
                {
                    failed++;
                    firstFailure ??= $"{(int)response.StatusCode}: {body}";
                }
            }
            catch (HttpRequestException e)
            {
                failed++;
                firstFailure ??= e.Message;
            }
        }

        return new WorkerResult(latencies, failed, firstFailure);
    }

    private static double Percentile(long[] sortedTicks, double quantile) =>
        sortedTicks.Length == 0 ? double.NaN : sortedTicks[(int)Math.Min(sortedTicks.Length - 1, Math.Floor(quantile * sortedTicks.Length))] * 1000.0 / Stopwatch.Frequency;

    private sealed record WorkerResult(List<long> Latencies, long Failed, string? FirstFailure);
}
