using System.Diagnostics.Metrics;
using Backtrace.Telemetry;

namespace Backtrace.Grains.Tests;

/// <summary>
/// Listens, in this process (the test cluster's silo runs here), to the notification metrics of one project:
/// latencies recorded and outbox depth changes, with their tags.
/// </summary>
internal sealed class NotificationMetricsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _project;
    private readonly List<(double Seconds, string? Integration)> _latencies = [];
    private readonly List<long> _depthChanges = [];

    public NotificationMetricsListener(string project)
    {
        _project = project;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BacktraceTelemetry.MeterName
                && instrument.Name is "backtrace.notifications.latency" or "backtrace.notifications.outbox.depth")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (Tag(tags, BacktraceTelemetry.ProjectTag) == _project)
            {
                lock (_latencies)
                {
                    _latencies.Add((value, Tag(tags, BacktraceTelemetry.IntegrationTag)));
                }
            }
        });
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (Tag(tags, BacktraceTelemetry.ProjectTag) == _project)
            {
                lock (_depthChanges)
                {
                    _depthChanges.Add(value);
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<(double Seconds, string? Integration)> Latencies
    {
        get
        {
            lock (_latencies)
            {
                return [.. _latencies];
            }
        }
    }

    public IReadOnlyList<long> DepthChanges
    {
        get
        {
            lock (_depthChanges)
            {
                return [.. _depthChanges];
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
