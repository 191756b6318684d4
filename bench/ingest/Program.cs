using System.Diagnostics;
using System.Globalization;
using Backtrace.Bench.Ingest;

// Ingest throughput and latency of the embedded server, beside a no-op endpoint of the same server
// (the HTTP ceiling of this machine), and their ratio. docs/benchmarks.md records the figures.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var corpus = new SnapshotCorpus(options.Fingerprints);
Console.WriteLine($"corpus: {options.Fingerprints} crash stacks (Zipf), {SnapshotCorpus.ThreadCount} threads of 20-60 frames each, {corpus.AverageBodyLength / 1024:F1} KiB average body");

using var server = options.Server is null ? await EmbeddedServer.StartAsync(FindRepositoryRoot()) : null;
var address = options.Server ?? server!.Address;
var token = options.Token ?? server!.Token;
var project = options.Server is null ? server!.Project : options.Project;
Console.WriteLine($"server: {address} ({(server is null ? "external" : "embedded, started by this run")}); concurrency {options.Concurrency}; {options.WarmupSeconds} s warm-up + {options.DurationSeconds} s per target");

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    BaseAddress = address,
    Timeout = TimeSpan.FromSeconds(60),
};
var load = new LoadRun(client, corpus, token, options.Concurrency);
var targets = new[]
{
    (Key: "noop", Name: "no-op (HTTP ceiling)", Path: "/api/v1/noop"),
    (Key: "ingest", Name: "ingest (durable, grouped)", Path: $"/api/v1/projects/{project}/snapshots"),
}.Where(t => options.Targets.Contains(t.Key));

var results = new List<LoadResult>();
foreach (var (_, name, path) in targets)
{
    if (options.WarmupSeconds > 0)
    {
        await load.RunAsync(name, path, TimeSpan.FromSeconds(options.WarmupSeconds));
    }

    results.Add(await load.RunAsync(name, path, TimeSpan.FromSeconds(options.DurationSeconds)));
}

foreach (var silos in options.ClusterSilos)
{
    await using var cluster = await ClusterServer.StartAsync(FindRepositoryRoot(), silos);
    using var clusterClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = cluster.Address,
        Timeout = TimeSpan.FromSeconds(60),
    };
    var clusterLoad = new LoadRun(clusterClient, corpus, cluster.Token, options.Concurrency);
    var name = $"cluster ingest, {silos} silo{(silos == 1 ? "" : "s")}";
    var path = $"/api/v1/projects/{cluster.Project}/snapshots";
    if (options.WarmupSeconds > 0)
    {
        await clusterLoad.RunAsync(name, path, TimeSpan.FromSeconds(options.WarmupSeconds), () => cluster.CpuTime);
    }

    results.Add(await clusterLoad.RunAsync(name, path, TimeSpan.FromSeconds(options.DurationSeconds), () => cluster.CpuTime));
}

Console.WriteLine();
Console.WriteLine($"{"target",-28}{"snapshots/s",12}{"p50 ms",9}{"p99 ms",9}{"server cores",14}{"CPU ms/snapshot",17}{"of it JIT",11}{"failed",8}");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Target,-28}{r.PerSecond,12:F0}{r.P50Milliseconds,9:F2}{r.P99Milliseconds,9:F2}{r.ServerCores,14:F2}{r.CpuMillisecondsPerRequest,17:F3}{(double.IsNaN(r.JitMillisecondsPerRequest) ? "n/a" : r.JitMillisecondsPerRequest.ToString("F3")),11}{r.Failed,8}"));
    if (r.FirstFailure is not null)
    {
        Console.WriteLine($"  first failure: {r.FirstFailure}");
    }
}

var ingest = results.Find(r => r.Target.StartsWith("ingest", StringComparison.Ordinal));
if (ingest is not null)
{
    // Writes per fsync: what group commit achieved. It decides throughput once the CPU cost is low.
    var s = ingest.Server;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"server during ingest: {s.AllocatedBytes / 1024.0 / Math.Max(1, ingest.Succeeded):F0} KiB allocated per snapshot, {s.GarbageCollections} garbage collections"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"storage during ingest: {Commits(s, ServerCounters.BodyWrites, ServerCounters.BodyCommits, ServerCounters.BodyCommitTime, "bodies", "fsync")}; " +
        $"{Commits(s, ServerCounters.DatabaseWrites, ServerCounters.DatabaseCommits, ServerCounters.DatabaseCommitTime, "database writes", "commit")}"));
}

var met = false;
if (ingest is not null && results.Find(r => r.Target.StartsWith("no-op", StringComparison.Ordinal)) is { } noop)
{
    var ratio = ingest.PerSecond / noop.PerSecond;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio ingest / no-op: {ratio:F2}"));
    met = ingest.PerSecond >= 2000 && ratio >= 0.25 && ingest.Failed == 0;
    Console.WriteLine($"goal (>= 2000 snapshots/s, >= 0.25 of no-op, no failures): {(met ? "met" : "NOT met")}");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}, {Environment.OSVersion}, .NET {Environment.Version}; load generator and server share the cores"));
return met ? 0 : 1;

// "N bodies in M fsyncs (N/M per fsync, T ms each)": what group commit achieved and what one commit cost.
static string Commits(ServerCounters s, string writes, string commits, string time, string what, string commit) => string.Create(CultureInfo.InvariantCulture,
    $"{s.Totals.GetValueOrDefault(writes)} {what} in {s.Totals.GetValueOrDefault(commits)} {commit}s ({s.PerCommit(writes, commits):F1} per {commit}, {s.PerCommit(time, commits) / 1000:F2} ms each)");

// The load average at the end of the run: other work on the machine takes CPU from both server and generator.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Backtrace.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("run the benchmark from inside the repository");
}
