namespace Backtrace.Grains.FaultGroups;

/// <summary>
/// One fault group, keyed <c>project/fingerprint</c> (<see cref="GrainKeys.FaultGroup"/>): its counters, first
/// and last seen, workflow state, regressions, per-attribute top values, hourly and daily activity and recent
/// snapshots. The query index is the ledger of its snapshots; the group folds them in by ordinal.
/// </summary>
[Alias("Backtrace.Grains.FaultGroups.IFaultGroupGrain")]
public interface IFaultGroupGrain : IGrainWithStringKey
{
    /// <summary>Folds in a snapshot the query index has recorded. Idempotent by <see cref="SnapshotOccurrence.Ordinal"/>.
    /// Called by the snapshot grain.</summary>
    [Alias("Record")]
    Task<FaultGroupRecordResult> RecordAsync(SnapshotOccurrence occurrence);

    /// <exception cref="FaultGroupNotFoundException">No snapshot has this fingerprint.</exception>
    [Alias("Get")]
    [ReadOnly]
    Task<FaultGroupDetails> GetAsync();

    /// <summary>Moves the group to another state (a no-op when it is already there) and returns the result.</summary>
    /// <exception cref="FaultGroupNotFoundException">No snapshot has this fingerprint.</exception>
    /// <exception cref="InvalidRequestException">Undefined status, or over-long text.</exception>
    [Alias("ChangeStatus")]
    Task<FaultGroupDetails> ChangeStatusAsync(FaultGroupStatusChange change);
}
