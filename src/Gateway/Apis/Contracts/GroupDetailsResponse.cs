using Backtrace.Grains.FaultGroups;

namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>Everything known about one fault group, with its recent snapshots.</summary>
public sealed record GroupDetailsResponse(
    string Project,
    string Fingerprint,
    int FingerprintVersion,
    long Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string State,
    DateTimeOffset? StateChangedAt,
    int RegressionCount,
    IReadOnlyList<string> Callstack,
    IReadOnlyList<string> Classifiers,
    IReadOnlyList<TopValuesResponse> TopValues,
    IReadOnlyList<ActivityResponse> HourlyActivity,
    IReadOnlyList<ActivityResponse> DailyActivity,
    IReadOnlyList<RecentSnapshotResponse> RecentSnapshots,
    IReadOnlyList<StateChangeResponse> StateHistory)
{
    public static GroupDetailsResponse From(FaultGroupDetails group) => new(
        group.Project,
        group.Fingerprint,
        group.FingerprintVersion,
        group.Count,
        group.FirstSeen,
        group.LastSeen,
        GroupStates.Name(group.Status),
        group.StatusChangedAt,
        group.RegressionCount,
        group.Callstack,
        group.Classifiers,
        [.. group.TopValues.Select(t => new TopValuesResponse(t.Attribute, [.. t.Values.Select(v => new ValueCountResponse(v.Value, v.Count))], t.OtherCount))],
        [.. group.HourlyActivity.Select(a => new ActivityResponse(a.Start, a.Count))],
        [.. group.DailyActivity.Select(a => new ActivityResponse(a.Start, a.Count))],
        [.. group.RecentSnapshots.Select(s => new RecentSnapshotResponse(s.Uuid, s.OccurredAt, s.ReceivedAt, ApiPaths.Snapshot(group.Project, s.Uuid)))],
        [.. group.StatusHistory.Select(StateChangeResponse.Of)]);
}
