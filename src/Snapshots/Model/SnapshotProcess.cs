namespace Backtrace.Snapshots.Model;

/// <summary>The process the snapshot was taken of.</summary>
public sealed class SnapshotProcess
{
    public int Pid { get; set; }
    public int? ParentPid { get; set; }
    public int? Uid { get; set; }

    /// <summary>Short name (<c>comm</c>).</summary>
    public string? Name { get; set; }

    /// <summary>Path of the executable.</summary>
    public string? Executable { get; set; }

    public List<string> CommandLine { get; set; } = [];

    /// <summary>Scheduler state: running, sleeping, disk, stopped, traced, zombie, dead, idle or unknown.</summary>
    public string? State { get; set; }

    /// <summary>Seconds between process start and the snapshot.</summary>
    public double? AgeSeconds { get; set; }
}
