using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Backtrace.Gateway.Diagnostics;

/// <summary>
/// Running totals of every integer counter on a Backtrace meter (<c>Backtrace.*</c>) in this process, for the
/// benchmark endpoint: bench/ingest reads them before and after a run to report how many writes each storage
/// commit carried. Created only when <see cref="Apis.BenchmarkOptions.NoopEndpoint"/> is on.
/// </summary>
public sealed class CounterTotals : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public CounterTotals()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is Counter<long> && instrument.Meter.Name.StartsWith("Backtrace.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        _listener.Start();
    }

    /// <summary>A copy of the totals, by instrument name.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_totals, StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();
}
