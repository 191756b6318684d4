namespace Backtrace.Bench.Ingest;

/// <summary>What one measured run achieved.</summary>
internal sealed record LoadResult(string Target, long Succeeded, long Failed, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds, TimeSpan ServerCpu, string? FirstFailure)
{
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;

    /// <summary>Server CPU per second of wall time, in cores.</summary>
    public double ServerCores => ServerCpu.TotalSeconds / Elapsed.TotalSeconds;
}
