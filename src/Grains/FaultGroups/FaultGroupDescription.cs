namespace Backtrace.Grains.FaultGroups;

/// <summary>Renders a group's state as the <see cref="FaultGroupDetails"/> that callers see.</summary>
internal static class FaultGroupDescription
{
    public static FaultGroupDetails Describe(string project, string fingerprint, FaultGroupState state) => new()
    {
        Project = project,
        Fingerprint = fingerprint,
        FingerprintVersion = state.FingerprintVersion,
        Count = state.Count,
        FirstSeen = state.FirstSeen,
        LastSeen = state.LastSeen,
        Status = state.Status,
        StatusChangedAt = state.StatusChangedAt,
        RegressionCount = state.RegressionCount,
        Callstack = [.. state.Callstack],
        Classifiers = [.. state.Classifiers],
        TopValues = state.TopValues.ConvertAll(c => new AttributeTopValues
        {
            Attribute = c.Attribute,
            Values = [.. c.Values.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).Select(v => new ValueCount(v.Key, v.Value))],
            OtherCount = c.Other,
        }),
        HourlyActivity = Buckets(state.Hourly, TimeSpan.FromHours(1)),
        DailyActivity = Buckets(state.Daily, TimeSpan.FromDays(1)),
        RecentSnapshots = [.. state.Recent],
        StatusHistory = [.. state.History],
    };

    private static List<ActivityBucket> Buckets(Dictionary<long, long> buckets, TimeSpan size) =>
        [.. buckets.OrderBy(b => b.Key).Select(b => new ActivityBucket(DateTimeOffset.UnixEpoch + (size * b.Key), b.Value))];
}
