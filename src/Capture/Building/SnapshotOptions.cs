using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Capture.Building;

/// <summary>What the snapshot says beyond what was captured: identity, metadata, and how to unwind.</summary>
public sealed class SnapshotOptions
{
    /// <summary>Application name; defaults to the process name.</summary>
    public string? Application { get; set; }

    public string? ApplicationVersion { get; set; }

    /// <summary>Metadata attributes (<c>--kv</c>, the defaults file, <c>BACKTRACE_ATTR_*</c> variables).</summary>
    public Dictionary<string, AttributeValue> Attributes { get; set; } = [];

    /// <summary>Stack walk limits and choices.</summary>
    public StackWalkOptions Walk { get; set; } = new();
}
