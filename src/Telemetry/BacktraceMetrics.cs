using System.Diagnostics.Metrics;

namespace Backtrace.Telemetry;

/// <summary>
/// The platform's own metrics, on the meter <see cref="BacktraceTelemetry.MeterName"/>. Each silo counts
/// what it handled; a metrics backend sums silos. Register with
/// <see cref="BacktraceMetricsServiceCollectionExtensions.AddBacktraceMetrics"/> and inject.
/// </summary>
public sealed class BacktraceMetrics
{
    private readonly Counter<long> _ingested;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _groupsCreated;
    private readonly Counter<long> _regressions;
    private readonly Histogram<double> _notificationLatency;
    private readonly UpDownCounter<long> _outboxDepth;

    public BacktraceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(BacktraceTelemetry.MeterName);
        _ingested = meter.CreateCounter<long>("backtrace.snapshots.ingested", "{snapshot}",
            "Snapshots stored and counted in their fault group for the first time.");
        _duplicates = meter.CreateCounter<long>("backtrace.snapshots.duplicates", "{snapshot}",
            "Submissions of a snapshot uuid that was already stored; acknowledged, not counted again.");
        _groupsCreated = meter.CreateCounter<long>("backtrace.fault_groups.created", "{group}",
            "Fault groups created by their first snapshot.");
        _regressions = meter.CreateCounter<long>("backtrace.fault_groups.regressions", "{group}",
            "Resolved fault groups reopened by a new snapshot.");
        _notificationLatency = meter.CreateHistogram<double>("backtrace.notifications.latency", "s",
            "Time from the event that caused a notification to the receiver acknowledging it.");
        _outboxDepth = meter.CreateUpDownCounter<long>("backtrace.notifications.outbox.depth", "{notification}",
            "Notifications waiting in outboxes for delivery.");
    }

    /// <summary>A snapshot was stored and counted.</summary>
    public void SnapshotIngested(string project) => _ingested.Add(1, Project(project));

    /// <summary>A snapshot whose uuid was already stored was submitted again.</summary>
    public void DuplicateSnapshot(string project) => _duplicates.Add(1, Project(project));

    /// <summary>A snapshot created a new fault group.</summary>
    public void FaultGroupCreated(string project) => _groupsCreated.Add(1, Project(project));

    /// <summary>A resolved fault group received a new snapshot and reopened.</summary>
    public void Regression(string project) => _regressions.Add(1, Project(project));

    /// <summary>A notification was acknowledged by its receiver <paramref name="latency"/> after its event.</summary>
    public void NotificationDelivered(string project, string integration, TimeSpan latency) =>
        _notificationLatency.Record(latency.TotalSeconds, Project(project), new KeyValuePair<string, object?>(BacktraceTelemetry.IntegrationTag, integration));

    /// <summary>
    /// Notifications entered (positive) or left (negative) an outbox held by this process: an outbox
    /// reports its pending entries when it is loaded and takes them back when it is unloaded, so the
    /// sum over processes is the cluster's depth.
    /// </summary>
    public void OutboxDepthChanged(string project, long delta) => _outboxDepth.Add(delta, Project(project));

    private static KeyValuePair<string, object?> Project(string project) => new(BacktraceTelemetry.ProjectTag, project);
}
