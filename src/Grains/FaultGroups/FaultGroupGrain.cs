using Backtrace.Grains.Notifications;
using Backtrace.Storage;
using Backtrace.Storage.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Backtrace.Grains.FaultGroups;

/// <summary>
/// One fault group (see <see cref="IFaultGroupGrain"/>).
/// <para>
/// Durability argument. The query index is the ledger: a snapshot is acknowledged only after its index row,
/// numbered densely within its group, is durable. This grain's state records how far it has folded
/// (<see cref="FaultGroupState.Watermark"/> and <see cref="FaultGroupState.Ahead"/>). On activation it reads every
/// row beyond the watermark from the index and folds those it lacks, so a snapshot counted in memory but not yet written when the process died is
/// folded again after the restart, exactly once. That makes it safe to write the state only every
/// <see cref="FaultGroupOptions.FlushInterval"/> (and on deactivation) instead of on every snapshot, which keeps
/// a hot group from costing a durable write per crash. Status changes, manual or by regression, are written
/// at once, because the index cannot replay them.
/// </para>
/// </summary>
public sealed partial class FaultGroupGrain(
    [PersistentState("faultgroup", StorageNames.GrainState)] IPersistentState<FaultGroupState> state,
    ISnapshotIndex snapshots,
    IFaultGroupIndex groups,
    IOptions<FaultGroupOptions> options,
    TimeProvider time,
    ILogger<FaultGroupGrain> logger) : Grain, IFaultGroupGrain
{
    private const int CatchUpPage = 1000;
    private const int MaxChangedByLength = 200;
    private const int MaxCommentLength = 2000;

    private readonly FaultGroupOptions _options = options.Value;
    private string _project = "";
    private string _fingerprint = "";
    private bool _dirty;
    private (long Watermark, DateTimeOffset Since)? _gap;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_project, _fingerprint) = GrainKeys.Split(this.GetPrimaryKeyString());
        var wasEmpty = state.State.Count == 0;
        var regressed = await CatchUpAsync();
        if (regressed)
        {
            await WriteAsync();
        }

        // Events of snapshots folded only now (the process died before the group wrote them) are raised again; the
        // outbox ignores those it already holds.
        await NotifyAsync(wasEmpty && state.State.Count > 0, regressed);

        await SyncIndexStatusAsync();
        if (_options.FlushInterval > TimeSpan.Zero)
        {
            this.RegisterGrainTimer(FlushAsync, _options.FlushInterval, _options.FlushInterval);
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await WriteAsync();
        }
    }

    /// <inheritdoc />
    public async Task<FaultGroupRecordResult> RecordAsync(SnapshotOccurrence occurrence)
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        var regressed = false;
        var created = false;
        if (!state.State.HasFolded(occurrence.Ordinal))
        {
            created = state.State.Count == 0;
            regressed = FaultGroupFolding.Fold(state.State, occurrence, _options);
            _dirty = true;
        }

        regressed |= await CatchUpIfGapPersistsAsync();
        if (regressed)
        {
            await WriteAsync();
            await groups.SetStatusAsync(_project, _fingerprint, state.State.Status, state.State.StatusChangedAt!.Value);
        }
        else if (_dirty && _options.FlushInterval == TimeSpan.Zero)
        {
            await WriteAsync();
        }

        await NotifyAsync(created, regressed);
        return new FaultGroupRecordResult { Count = state.State.Count, Regressed = regressed, Status = state.State.Status };
    }

    /// <inheritdoc />
    public Task<FaultGroupDetails> GetAsync()
    {
        EnsureExists();
        return Task.FromResult(FaultGroupDescription.Describe(_project, _fingerprint, state.State));
    }

    /// <inheritdoc />
    public async Task<FaultGroupDetails> ChangeStatusAsync(FaultGroupStatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        EnsureExists();
        Validate(change);
        if (change.Status != state.State.Status)
        {
            Apply(change);
            await WriteAsync(() =>
            {
                // Re-decide on the re-read state: apply the change only if it still is one.
                if (change.Status != state.State.Status)
                {
                    Apply(change);
                }
            });
            await groups.SetStatusAsync(_project, _fingerprint, state.State.Status, state.State.StatusChangedAt!.Value);
            LogStatusChanged(logger, _project, _fingerprint, state.State.Status);
            await NotifyAsync(FaultGroupEvents.StatusChanged(_project, _fingerprint, state.State, state.State.History[0]));
        }

        return FaultGroupDescription.Describe(_project, _fingerprint, state.State);
    }

    private async Task NotifyAsync(bool created, bool regressed)
    {
        if (created)
        {
            await NotifyAsync(FaultGroupEvents.NewGroup(_project, _fingerprint, state.State));
        }

        if (regressed)
        {
            await NotifyAsync(FaultGroupEvents.Regression(_project, _fingerprint, state.State));
        }
    }

    /// <summary>Hands an event to the project's durable outbox. A failure is logged, not thrown: the snapshot is
    /// stored and counted, and failing its ingest for a notification would make the agent resubmit it for nothing.</summary>
    private async Task NotifyAsync(NotificationEvent notification)
    {
        try
        {
            await GrainFactory.GetGrain<INotificationGrain>(_project).EnqueueAsync(notification);
        }
        catch (Exception e)
        {
            LogNotificationLost(logger, e, _project, _fingerprint, notification.Id);
        }
    }

    private void Apply(FaultGroupStatusChange change) =>
        FaultGroupFolding.ChangeStatus(state.State, new FaultGroupStatusChanged
        {
            From = state.State.Status,
            To = change.Status,
            At = time.GetUtcNow(),
            ChangedBy = change.ChangedBy,
            Comment = change.Comment,
        }, _options.StatusHistory);

    /// <summary>
    /// Snapshots recorded at nearly the same time reach the group out of order, which leaves a gap below the
    /// ones folded for a moment. A gap that lasts means a caller died between the index and the group: after
    /// <see cref="FaultGroupOptions.GapTimeout"/> the group reads the missing snapshots from the index.
    /// </summary>
    private async Task<bool> CatchUpIfGapPersistsAsync()
    {
        if (state.State.Ahead.Count == 0)
        {
            _gap = null;
            return false;
        }

        // The clock runs for the gap just above the current watermark: under steady concurrent load later
        // snapshots keep arriving ahead, but each gap closes within moments and the watermark moves on.
        var now = time.GetUtcNow();
        if (_gap is not { } gap || gap.Watermark != state.State.Watermark)
        {
            _gap = (state.State.Watermark, now);
            return false;
        }

        if (now - gap.Since < _options.GapTimeout)
        {
            return false;
        }

        LogCatchingUp(logger, _project, _fingerprint, state.State.Watermark, state.State.Ahead.Count);
        _gap = null;
        return await CatchUpAsync();
    }

    /// <summary>Folds every index row the state lacks. Returns true when one reopened the group.</summary>
    private async Task<bool> CatchUpAsync()
    {
        var regressed = false;
        var after = state.State.Watermark;
        while (true)
        {
            var rows = await snapshots.ListGroupSnapshotsAsync(_project, _fingerprint, after, CatchUpPage);
            foreach (var row in rows.Where(r => !state.State.HasFolded(r.GroupOrdinal)))
            {
                regressed |= FaultGroupFolding.Fold(state.State, SnapshotOccurrences.From(row), _options);
                _dirty = true;
            }

            if (rows.Count < CatchUpPage)
            {
                return regressed;
            }

            after = rows[^1].GroupOrdinal;
        }
    }

    /// <summary>The index's status column may miss a change if the process died between the two writes: repair it.</summary>
    private async Task SyncIndexStatusAsync()
    {
        if (state.State.Count == 0 || state.State.StatusChangedAt is not { } changedAt)
        {
            return;
        }

        if (await groups.GetAsync(_project, _fingerprint) is { } row && (row.Status != state.State.Status || row.StatusChangedAt != changedAt))
        {
            await groups.SetStatusAsync(_project, _fingerprint, state.State.Status, changedAt);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (await CatchUpIfGapPersistsAsync())
        {
            await groups.SetStatusAsync(_project, _fingerprint, state.State.Status, state.State.StatusChangedAt!.Value);
        }

        if (_dirty)
        {
            await WriteAsync();
        }
    }

    /// <summary>
    /// Writes the state. On a conflict (another activation wrote it, e.g. during a cluster membership change),
    /// re-reads the stored state, folds from the index whatever it lacks, re-applies <paramref name="redecide"/>,
    /// and writes once more.
    /// </summary>
    private async Task WriteAsync(Action? redecide = null)
    {
        try
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch (InconsistentStateException e)
            {
                LogConflict(logger, e, _project, _fingerprint);
                await state.ReadStateAsync();
                await CatchUpAsync();
                redecide?.Invoke();
                await state.WriteStateAsync();
            }
        }
        catch (Exception)
        {
            // The storage failed, or conflicted twice: what is in memory may never be stored. Deactivate without
            // writing, so the next call starts again from the stored state and the index (which still holds
            // every acknowledged snapshot).
            _dirty = false;
            DeactivateOnIdle();
            throw;
        }

        _dirty = false;
    }

    private void EnsureExists()
    {
        if (state.State.Count == 0)
        {
            throw new FaultGroupNotFoundException(_project, _fingerprint);
        }
    }

    private static void Validate(FaultGroupStatusChange change)
    {
        if (!Enum.IsDefined(change.Status))
        {
            throw new InvalidRequestException("status", $"unknown status {(int)change.Status}; use open, in-progress, resolved or muted");
        }

        if (change.ChangedBy is { Length: > MaxChangedByLength })
        {
            throw new InvalidRequestException("changedBy", $"at most {MaxChangedByLength} characters, not {change.ChangedBy.Length}");
        }

        if (change.Comment is { Length: > MaxCommentLength })
        {
            throw new InvalidRequestException("comment", $"at most {MaxCommentLength} characters, not {change.Comment.Length}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fault group {Fingerprint} in project {Project} is now {Status}")]
    private static partial void LogStatusChanged(ILogger logger, string project, string fingerprint, FaultGroupStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault group {Fingerprint} in project {Project} is missing snapshots after ordinal {Watermark} ({Ahead} later ones arrived); reading them from the index")]
    private static partial void LogCatchingUp(ILogger logger, string project, string fingerprint, long watermark, int ahead);

    [LoggerMessage(Level = LogLevel.Error, Message = "Fault group {Fingerprint} in project {Project} could not queue notification {EventId}; it is not sent")]
    private static partial void LogNotificationLost(ILogger logger, Exception exception, string project, string fingerprint, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault group {Fingerprint} in project {Project} was written concurrently; re-read and decided again")]
    private static partial void LogConflict(ILogger logger, Exception exception, string project, string fingerprint);
}
