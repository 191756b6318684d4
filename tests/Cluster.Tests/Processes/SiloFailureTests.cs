using Backtrace.LocalServices;
using Xunit.Abstractions;

namespace Backtrace.Cluster.Tests.Processes;

[Collection(ProcessTestsCollection.Name)]
public sealed class SiloFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task KillingASiloMidIngest_LosesNothingAcknowledged_AndIngestRecoversInSeconds()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.StartAsync(silos: 3);
        var startup = started.Elapsed;
        var load = new IngestLoad(cluster.Http);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(submitters: 4, maxPerSubmitter: 20_000, stop.Token);

        await Eventually.TrueAsync(() => Task.FromResult(load.Acknowledged.Count >= 200), Patience, "200 acknowledged snapshots before the kill");
        var killedAt = load.Now;
        var rateBeforeKill = load.Acknowledged.Count / killedAt.TotalSeconds;
        cluster.Silos[1].Kill();

        // Recovered: 200 more acknowledgements, and none refused among the last 100 of them.
        var before = load.Acknowledged.Count;
        await Eventually.TrueAsync(() => Task.FromResult(Recovered(load, before)), Patience, "ingest to recover after the kill");
        await stop.CancelAsync();
        await running;

        var afterKill = load.AcknowledgedAt.Where(at => at >= killedAt).Order().Prepend(killedAt).ToList();
        var longestPause = afterKill.Zip(afterKill.Skip(1), (a, b) => b - a).DefaultIfEmpty().Max();
        var refusals = load.Refusals.Where(r => r.At >= killedAt).ToList();
        var lastRefusal = refusals.Count == 0 ? TimeSpan.Zero : refusals.Max(r => r.At) - killedAt;
        var report = $"silo SIGKILL: longest pause in acknowledgements {longestPause.TotalSeconds:F1} s; last refused request " +
                     $"{lastRefusal.TotalSeconds:F1} s after the kill ({refusals.Count} refused: " +
                     $"{string.Join(", ", refusals.GroupBy(r => r.Status).Select(g => $"{g.Count()} x {(g.Key == 0 ? "no answer" : g.Key)}"))}); " +
                     $"{load.Acknowledged.Count} acknowledged in all ({rateBeforeKill:F0}/s before the kill; cluster started in {startup.TotalSeconds:F0} s)";
        output.WriteLine(report);
        Console.WriteLine(report);

        var verifying = System.Diagnostics.Stopwatch.StartNew();
        await StoredSnapshots.AssertAcknowledgedAreStoredAndCountedAsync(cluster, load);
        output.WriteLine($"verified in {verifying.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"verified in {verifying.Elapsed.TotalSeconds:F1} s");
        Assert.True(longestPause < TimeSpan.FromSeconds(20), report);
    }

    private static bool Recovered(IngestLoad load, int acknowledgedBeforeKill)
    {
        if (load.Acknowledged.Count < acknowledgedBeforeKill + 200) return false;
        var recent = load.AcknowledgedAt.Order().TakeLast(100).ToList();
        return !load.Refusals.Any(r => r.At >= recent[0]);
    }
}
