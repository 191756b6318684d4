namespace Backtrace.Storage.Index;

/// <summary>The outcome of <see cref="ISnapshotIndex.RecordAsync"/>.</summary>
/// <param name="Record">The row as stored: the new one with its ordinal, or for a duplicate uuid the row recorded first.</param>
/// <param name="Inserted">False when the uuid was already recorded (nothing changed).</param>
public sealed record SnapshotRecorded(SnapshotRecord Record, bool Inserted)
{
    /// <summary>True when this call created the snapshot's fault group.</summary>
    public bool GroupCreated => Inserted && Record.GroupOrdinal == 1;
}
