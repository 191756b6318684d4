namespace Backtrace.Snapshots.Model;

/// <summary>System and process statistics at capture time.</summary>
public sealed class SnapshotEnvironment
{
    /// <summary>Machine-wide figures: memory, CPU time split, load averages, uptime (keys such as <c>mem.total</c>).</summary>
    public Dictionary<string, AttributeValue> System { get; set; } = [];

    /// <summary>Process figures: RSS, virtual size, thread count, open files, context switches.</summary>
    public Dictionary<string, AttributeValue> Process { get; set; } = [];

    /// <summary>Resource limits (<c>/proc/PID/limits</c>), e.g. <c>core</c> → <c>unlimited</c>.</summary>
    public Dictionary<string, string> Limits { get; set; } = [];

    /// <summary>Environment variables of the process, secrets scrubbed.</summary>
    public Dictionary<string, string> Variables { get; set; } = [];
}
