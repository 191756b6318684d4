using Backtrace.Storage.Index;

namespace Backtrace.Grains.FaultGroups;

/// <summary>Turns index rows into what a fault group folds: the same conversion live and when catching up.</summary>
internal static class SnapshotOccurrences
{
    public static SnapshotOccurrence From(SnapshotRecord record) => new()
    {
        Uuid = record.Uuid,
        Ordinal = record.GroupOrdinal,
        OccurredAt = record.OccurredAt,
        ReceivedAt = record.ReceivedAt,
        FingerprintVersion = record.FingerprintVersion,
        Attributes = record.Attributes.ToDictionary(a => a.Key, a => a.Value.ToString(), StringComparer.Ordinal),
        Classifiers = record.Classifiers,
        Callstack = record.Callstack,
    };
}
