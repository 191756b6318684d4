namespace Backtrace.Gateway.Apis;

/// <summary>Benchmark-only endpoints. Section <see cref="Section"/>; everything is off by default.</summary>
public sealed class BenchmarkOptions
{
    /// <summary>Configuration section: <c>Backtrace:Benchmark</c>.</summary>
    public const string Section = "Backtrace:Benchmark";

    /// <summary>Maps <c>POST /api/v1/noop</c>, which reads a body and answers without ingesting it, and
    /// <c>GET /api/v1/benchmark/counters</c> (CPU time and storage commit counters). Default off.</summary>
    public bool NoopEndpoint { get; set; }
}
