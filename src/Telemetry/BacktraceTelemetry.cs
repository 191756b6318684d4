namespace Backtrace.Telemetry;

/// <summary>The names under which the platform publishes its own telemetry.</summary>
public static class BacktraceTelemetry
{
    /// <summary>The meter of every Backtrace metric (<see cref="BacktraceMetrics"/>).</summary>
    public const string MeterName = "Backtrace";

    /// <summary>
    /// Every Backtrace activity source is named with this prefix (for example <c>Backtrace.Ingest</c>), so
    /// a component adds spans by creating its own source and nothing else needs to change.
    /// </summary>
    public const string ActivitySourcePrefix = "Backtrace.";

    /// <summary>Tag naming the project a measurement belongs to.</summary>
    public const string ProjectTag = "backtrace.project";

    /// <summary>Tag naming the kind of integration a notification went to (slack, jira, webhook, ...).</summary>
    public const string IntegrationTag = "backtrace.integration";
}
