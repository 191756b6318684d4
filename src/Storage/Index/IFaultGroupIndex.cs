using Backtrace.Grains.FaultGroups;

namespace Backtrace.Storage.Index;

/// <summary>
/// The fault group side of the query index. Counters are maintained by <see cref="ISnapshotIndex.RecordAsync"/>
/// in the same step as the snapshot row, so a list never shows a count the ledger does not hold; the status
/// is written by the group's grain, which owns it.
/// </summary>
public interface IFaultGroupIndex
{
    /// <summary>One group's row; null when no snapshot has the fingerprint.</summary>
    Task<FaultGroupRow?> GetAsync(string project, string fingerprint, CancellationToken cancellationToken = default);

    /// <summary>A page of a project's groups, filtered and sorted as asked.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Offset below 0 or limit outside 1..<see cref="FaultGroupQuery.MaxLimit"/>.</exception>
    Task<FaultGroupPage> ListAsync(FaultGroupQuery query, CancellationToken cancellationToken = default);

    /// <summary>Writes a group's status. Does nothing for a group with no row. Completes once durable.</summary>
    Task SetStatusAsync(
        string project, string fingerprint, FaultGroupStatus status, DateTimeOffset changedAt, CancellationToken cancellationToken = default);
}
