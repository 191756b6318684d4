namespace Backtrace.Snapshots.Model;

/// <summary>How a snapshot was produced.</summary>
public sealed class CaptureInfo
{
    /// <summary>Where the data came from: <c>live</c>, <c>core</c>, <c>core_pattern</c> or <c>report</c> (a client library).</summary>
    public string? Source { get; set; }

    /// <summary>How long the target's threads were stopped, in microseconds (live capture only).</summary>
    public long? StopMicroseconds { get; set; }

    /// <summary>Total capture time from start to serialized snapshot, in microseconds.</summary>
    public long? DurationMicroseconds { get; set; }

    /// <summary>What could not be captured and why. Empty for a complete snapshot.</summary>
    public List<string> Warnings { get; set; } = [];
}
