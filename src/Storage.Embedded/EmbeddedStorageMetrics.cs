using System.Diagnostics.Metrics;

namespace Backtrace.Storage.Embedded;

/// <summary>
/// Counters of the embedded storage's group commits, on the meter <see cref="MeterName"/>: how many writes
/// each durable commit (one fsync) carries is what decides ingest throughput, so operators and bench/ingest
/// read it from here (<c>writes / commits</c>).
/// </summary>
public sealed class EmbeddedStorageMetrics
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "Backtrace.Storage.Embedded";

    private readonly Counter<long> _bodyCommits;
    private readonly Counter<long> _bodiesWritten;
    private readonly Counter<long> _bodyCommitTime;
    private readonly Counter<long> _databaseCommits;
    private readonly Counter<long> _databaseWrites;
    private readonly Counter<long> _databaseCommitTime;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>.</summary>
    public EmbeddedStorageMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _bodyCommits = meter.CreateCounter<long>("backtrace.storage.body.commits", "{commit}", "Durable commits of snapshot bodies (one fsync each)");
        _bodiesWritten = meter.CreateCounter<long>("backtrace.storage.body.writes", "{body}", "Snapshot bodies made durable");
        _bodyCommitTime = meter.CreateCounter<long>("backtrace.storage.body.commit_time", "us", "Time spent writing and syncing body batches");
        _databaseCommits = meter.CreateCounter<long>("backtrace.storage.database.commits", "{commit}", "Committed database transactions (one fsync each)");
        _databaseWrites = meter.CreateCounter<long>("backtrace.storage.database.writes", "{write}", "Write operations committed in those transactions");
        _databaseCommitTime = meter.CreateCounter<long>("backtrace.storage.database.commit_time", "us", "Time spent running and committing those transactions");
    }

    /// <summary>A body commit made <paramref name="bodies"/> bodies durable with one fsync in <paramref name="elapsed"/>.</summary>
    public void BodiesCommitted(int bodies, TimeSpan elapsed)
    {
        _bodyCommits.Add(1);
        _bodiesWritten.Add(bodies);
        _bodyCommitTime.Add((long)elapsed.TotalMicroseconds);
    }

    /// <summary>A database transaction committed <paramref name="writes"/> write operations in <paramref name="elapsed"/>.</summary>
    public void DatabaseCommitted(int writes, TimeSpan elapsed)
    {
        _databaseCommits.Add(1);
        _databaseWrites.Add(writes);
        _databaseCommitTime.Add((long)elapsed.TotalMicroseconds);
    }
}
