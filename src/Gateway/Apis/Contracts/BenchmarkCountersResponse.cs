namespace Backtrace.Gateway.Apis.Contracts;

/// <summary><c>GET /api/v1/benchmark/counters</c>: the server's CPU time so far and its Backtrace counters' totals.</summary>
/// <param name="ProcessCpuMilliseconds">CPU time the whole server process has used since it started, user and system.</param>
/// <param name="JitMilliseconds">Time the JIT compiler has spent in the process since it started (part of the CPU time).</param>
/// <param name="AllocatedBytes">Bytes the process has allocated on the managed heap since it started.</param>
/// <param name="GarbageCollections">Garbage collections since the start (all generations).</param>
/// <param name="Counters">Totals of the <c>Backtrace.*</c> meters' counters, by instrument name.</param>
public sealed record BenchmarkCountersResponse(
    double ProcessCpuMilliseconds, double JitMilliseconds, long AllocatedBytes, int GarbageCollections, IReadOnlyDictionary<string, long> Counters);
