using Backtrace.Snapshots.Model;

namespace Backtrace.Grains.Snapshots;

/// <summary>
/// One snapshot handed to <see cref="ISnapshotGrain.IngestAsync"/>: its uuid and its body, stored exactly as
/// given. Immutable, so a call inside one process passes it without a copy.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("Backtrace.Grains.Snapshots.SnapshotSubmission")]
public sealed class SnapshotSubmission
{
    /// <summary>The snapshot's uuid: the body's <c>uuid</c> must be the same.</summary>
    [Id(0)]
    public required Guid Uuid { get; init; }

    /// <summary>The snapshot in the native JSON format (docs/snapshot-format.md), UTF-8.</summary>
    [Id(1)]
    public required byte[] Body { get; init; }

    /// <summary>
    /// <see cref="Body"/> as the gateway already read and validated it, so that it is not parsed twice. Never
    /// serialized: it reaches the grain only when the grain runs in the gateway's own process (the embedded
    /// server), where an immutable argument is passed by reference; a grain in another process gets null and
    /// parses <see cref="Body"/> itself, which costs about what deserializing a copy of the model would.
    /// </summary>
    [field: NonSerialized]
    public Snapshot? Parsed { get; init; }
}
