namespace Backtrace.Bench.Ingest;

/// <summary>What one measured run achieved, and what it cost the server (<see cref="Server"/>: counter differences over the run).</summary>
internal sealed record LoadResult(string Target, long Succeeded, long Failed, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds, ServerCounters Server, string? FirstFailure)
{
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;

    /// <summary>Server CPU per second of wall time, in cores.</summary>
    public double ServerCores => Server.Cpu.TotalSeconds / Elapsed.TotalSeconds;

    /// <summary>Server CPU per acknowledged request, in milliseconds: the figure that load on the machine does not change.</summary>
    public double CpuMillisecondsPerRequest => Succeeded == 0 ? double.NaN : Server.Cpu.TotalMilliseconds / Succeeded;

    /// <summary>The part of <see cref="CpuMillisecondsPerRequest"/> the JIT compiler spent: high when the warm-up was too short for this machine.</summary>
    public double JitMillisecondsPerRequest => Succeeded == 0 || Server.Jit is not { } jit ? double.NaN : jit.TotalMilliseconds / Succeeded;
}
