using Backtrace.LocalServices;
using Xunit.Abstractions;

namespace Backtrace.Cluster.Tests.Processes;

/// <summary>
/// A dependency goes away under sustained ingest and comes back. While it is down, every refused
/// submission is a 503 with Retry-After; nothing is acknowledged that was not stored; ingest resumes by
/// itself once the dependency is back.
/// </summary>
[Collection(ProcessTestsCollection.Name)]
public sealed class DependencyRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public Task PostgresRestartedUnderLoad_IngestAnswers503MeanwhileAndRecovers() =>
        RestartUnderLoadAsync("PostgreSQL", cluster => cluster.Postgres.StopAsync(), cluster => cluster.Postgres.RestartAsync());

    // SIGTERM, not SIGKILL: Azurite keeps its blob metadata in memory and saves it at shutdown, so a killed
    // Azurite forgets blobs it had acknowledged (measured: every body written before the kill was gone).
    // Azure Storage itself commits before it answers; the emulator cannot stand in for it in a crash.
    [Fact]
    public Task AzuriteRestartedUnderLoad_IngestAnswers503MeanwhileAndRecovers() =>
        RestartUnderLoadAsync("Azurite", cluster => cluster.Azurite.StopAsync(), cluster => cluster.Azurite.RestartAsync());

    private async Task RestartUnderLoadAsync(string dependency, Func<ProcessCluster, Task> stopDependency, Func<ProcessCluster, Task> startDependency)
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 1);
        var load = new IngestLoad(cluster.Http);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(submitters: 3, maxPerSubmitter: 20_000, stop.Token);
        await Eventually.TrueAsync(() => Task.FromResult(load.Acknowledged.Count >= 50), Patience, "50 acknowledged snapshots before the outage");

        await stopDependency(cluster);
        var downAt = load.Now;
        // Down long enough for every submitter to be refused several times.
        await Eventually.TrueAsync(() => Task.FromResult(load.Refusals.Count(r => r.At >= downAt) >= 10), Patience,
            $"submissions to be refused while {dependency} is down");
        await startDependency(cluster);
        var upAt = load.Now;
        var acknowledgedWhenUp = load.Acknowledged.Count;
        await Eventually.TrueAsync(() => Task.FromResult(load.Acknowledged.Count >= acknowledgedWhenUp + 50), Patience,
            $"ingest to resume after {dependency} is back");
        await stop.CancelAsync();
        await running;

        var firstAfter = load.AcknowledgedAt.Where(at => at >= upAt).Min();
        var refusals = load.Refusals.ToList();
        var report = $"{dependency} down {(upAt - downAt).TotalSeconds:F1} s: {refusals.Count} refused " +
                     $"({string.Join(", ", refusals.GroupBy(r => r.Status).Select(g => $"{g.Count()} x {(g.Key == 0 ? "no answer" : g.Key)}"))}); " +
                     $"first acknowledgement {(firstAfter - upAt).TotalSeconds:F1} s after it was back; {load.Acknowledged.Count} acknowledged in all";
        output.WriteLine(report);
        Console.WriteLine(report);

        Assert.All(refusals, refusal =>
        {
            Assert.True(refusal.Status == 503, $"a submission was answered {refusal.Status}, not 503: {refusal.Body}");
            Assert.True(refusal.RetryAfter > TimeSpan.Zero, "a 503 came without Retry-After");
        });
        await StoredSnapshots.AssertAcknowledgedAreStoredAndCountedAsync(cluster, load);
    }
}
