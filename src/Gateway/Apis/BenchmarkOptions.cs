namespace Backtrace.Gateway.Apis;

/// <summary>Benchmark-only endpoints. Section <see cref="Section"/>; everything is off by default.</summary>
public sealed class BenchmarkOptions
{
    /// <summary>Configuration section: <c>Backtrace:Benchmark</c>.</summary>
    public const string Section = "Backtrace:Benchmark";

    /// <summary>Maps <c>POST /api/v1/noop</c>, which reads a body and answers without ingesting it. Default off.</summary>
    public bool NoopEndpoint { get; set; }
}
