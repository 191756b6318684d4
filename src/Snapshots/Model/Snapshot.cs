using System.Text.Json.Serialization;

namespace Backtrace.Snapshots.Model;

/// <summary>
/// One crash (or on-demand) snapshot of a process: the unit the agent produces, the gateway ingests,
/// the grains classify and group, and the viewers display. Format version <see cref="CurrentVersion"/>;
/// docs/snapshot-format.md describes every field.
/// </summary>
public sealed class Snapshot
{
    /// <summary>The snapshot format version this library writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Format version of this document. Readers reject versions they do not know.</summary>
    public int Version { get; set; } = CurrentVersion;

    /// <summary>Identity of the snapshot; submitting the same uuid twice stores and counts it once.</summary>
    public Guid Uuid { get; set; }

    /// <summary>When the crash happened (or the snapshot was taken), UTC.</summary>
    public DateTimeOffset Timestamp { get; set; }

    public string? Application { get; set; }
    public string? ApplicationVersion { get; set; }

    /// <summary>What produced the snapshot, e.g. <c>backtrace-agent</c> or <c>backtrace-node</c>.</summary>
    public string? Agent { get; set; }
    public string? AgentVersion { get; set; }

    /// <summary>Language of the crashed program when a client library reported it (<c>c</c>, <c>nodejs</c>, ...).</summary>
    public string? Language { get; set; }

    /// <summary>Version of that language's runtime (<c>v20.11.1</c> for Node.js), when a client library reported it.</summary>
    public string? LanguageVersion { get; set; }

    public SnapshotHost? Host { get; set; }
    public SnapshotProcess? Process { get; set; }
    public SnapshotFault? Fault { get; set; }

    /// <summary>An error that was reported rather than caught by a signal (exceptions from client libraries).</summary>
    public SnapshotError? Error { get; set; }

    /// <summary>How the snapshot was taken, how long the target was stopped, and what could not be captured.</summary>
    public CaptureInfo? Capture { get; set; }

    public List<SnapshotThread> Threads { get; set; } = [];
    public List<SnapshotModule> Modules { get; set; } = [];

    /// <summary>The process memory map at capture time (one entry per mapping).</summary>
    public List<MemoryMapping> Mappings { get; set; } = [];

    /// <summary>Captured memory contents: stacks, bytes around the fault and around pointers, requested globals.</summary>
    public List<MemoryRegion> Memory { get; set; } = [];

    public SnapshotEnvironment? Environment { get; set; }

    /// <summary>Indexed key/value metadata. Values are strings, numbers or booleans.</summary>
    public Dictionary<string, AttributeValue> Attributes { get; set; } = [];

    /// <summary>Non-indexed notes explaining the crash, added by analysis modules and client libraries.</summary>
    public List<Annotation> Annotations { get; set; } = [];

    /// <summary>Short labels that classify the crash (<c>null-dereference</c>, <c>stack-overflow</c>, ...).</summary>
    public List<string> Classifiers { get; set; } = [];

    /// <summary>When set, replaces the computed fingerprint: the snapshot joins exactly this group.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>The thread the fault happened on, if any thread is marked faulted or named by the fault.</summary>
    [JsonIgnore]
    public SnapshotThread? FaultingThread =>
        Threads.Find(t => t.Faulted) ?? (Fault?.ThreadId is { } tid ? Threads.Find(t => t.Tid == tid) : null);
}
