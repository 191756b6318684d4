using System.Diagnostics;
using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Diagnostics;
using Backtrace.Gateway.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Apis;

/// <summary>
/// Benchmark-only endpoints, mapped only when <see cref="BenchmarkOptions.NoopEndpoint"/> is on:
/// <c>POST /api/v1/noop</c> reads the body exactly as ingest does and answers like <c>/post</c>, doing nothing
/// else (bench/ingest measures it as this machine's HTTP ceiling, beside real ingest);
/// <c>GET /api/v1/benchmark/counters</c> gives the process's CPU and JIT time, its allocations and the totals of its Backtrace counters,
/// so a benchmark can report CPU per snapshot and writes per storage commit.
/// </summary>
public static class BenchmarkApi
{
    public static IEndpointRouteBuilder MapBenchmarkApi(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<BenchmarkOptions>>().Value.NoopEndpoint)
        {
            app.MapPost("/api/v1/noop", NoopAsync).WithTags("Benchmark");
            app.MapGet("/api/v1/benchmark/counters", Counters).WithTags("Benchmark");
        }

        return app;
    }

    public static async Task<Ok<BacktraceSubmitResponse>> NoopAsync(HttpContext context, RequestBodyReader bodies)
    {
        var body = await bodies.ReadAsync(context);
        return TypedResults.Ok(new BacktraceSubmitResponse("ok", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public static Ok<BenchmarkCountersResponse> Counters(CounterTotals totals)
    {
        using var process = Process.GetCurrentProcess();
        return TypedResults.Ok(new BenchmarkCountersResponse(
            process.TotalProcessorTime.TotalMilliseconds,
            System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,
            GC.GetTotalAllocatedBytes(),
            GC.CollectionCount(0),
            totals.Snapshot()));
    }
}
