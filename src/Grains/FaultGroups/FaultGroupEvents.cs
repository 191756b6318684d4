using Backtrace.Grains.Notifications;

namespace Backtrace.Grains.FaultGroups;

/// <summary>
/// The notification events of a fault group, built from its state when they happen. Ids are derived from the group's
/// own state, not drawn at random, so a group that replays a fold after a restart raises the same event again and the
/// outbox recognises it.
/// </summary>
internal static class FaultGroupEvents
{
    /// <summary>The group received its first snapshot: the earliest received of its recent ones (a group folds the snapshot
    /// that created it while activating, from the index, or when it is told).</summary>
    public static NotificationEvent NewGroup(string project, string fingerprint, FaultGroupState state)
    {
        var first = state.Recent.Count > 0 ? state.Recent[^1] : null;
        return Describe(project, fingerprint, state, $"{fingerprint}:new", NotificationKind.NewGroup, first?.ReceivedAt ?? state.FirstSeen)
            with { Snapshot = first?.Uuid };
    }

    /// <summary>The resolved group reopened; its history's newest regression names the snapshot.</summary>
    public static NotificationEvent Regression(string project, string fingerprint, FaultGroupState state)
    {
        var change = state.History.Find(h => h.Regression);
        return Describe(project, fingerprint, state, $"{fingerprint}:regression:{state.RegressionCount}", NotificationKind.Regression,
            change?.At ?? state.LastSeen) with { Snapshot = change?.Snapshot, PreviousStatus = FaultGroupStatus.Resolved };
    }

    /// <summary>Someone moved the group to another state.</summary>
    public static NotificationEvent StatusChanged(string project, string fingerprint, FaultGroupState state, FaultGroupStatusChanged change) =>
        Describe(project, fingerprint, state, $"{fingerprint}:state:{change.At.ToUnixTimeMilliseconds()}", NotificationKind.StatusChanged, change.At)
            with { PreviousStatus = change.From };

    private static NotificationEvent Describe(string project, string fingerprint, FaultGroupState state, string id, NotificationKind kind, DateTimeOffset at) => new()
    {
        Id = id,
        Kind = kind,
        Project = project,
        Fingerprint = fingerprint,
        OccurredAt = at,
        FirstSeen = state.FirstSeen,
        LastSeen = state.LastSeen,
        Count = state.Count,
        Status = state.Status,
        TopFrame = state.Callstack.Count > 0 ? state.Callstack[0] : null,
    };
}
