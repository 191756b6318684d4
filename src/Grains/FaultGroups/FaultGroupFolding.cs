namespace Backtrace.Grains.FaultGroups;

/// <summary>
/// Folds one snapshot into a group's state. The same code runs for live snapshots and for snapshots read
/// back from the index when a group catches up, so both paths give the same state.
/// </summary>
internal static class FaultGroupFolding
{
    private const int MaxClassifiers = 32;

    /// <summary>Folds an occurrence not folded yet, in whatever order occurrences arrive.</summary>
    /// <returns>True when it reopened a resolved group (a regression).</returns>
    public static bool Fold(FaultGroupState state, SnapshotOccurrence occurrence, FaultGroupOptions options)
    {
        if (occurrence.Ordinal < 1 || state.HasFolded(occurrence.Ordinal))
        {
            throw new InvalidOperationException($"fault group has already folded ordinal {occurrence.Ordinal}");
        }

        if (state.Count == 0)
        {
            state.FirstSeen = occurrence.OccurredAt;
            state.LastSeen = occurrence.OccurredAt;
            state.FingerprintVersion = occurrence.FingerprintVersion;
            state.Callstack = [.. occurrence.Callstack];
        }
        else
        {
            state.FirstSeen = occurrence.OccurredAt < state.FirstSeen ? occurrence.OccurredAt : state.FirstSeen;
            state.LastSeen = occurrence.OccurredAt > state.LastSeen ? occurrence.OccurredAt : state.LastSeen;
        }

        state.Count++;
        AdvanceWatermark(state, occurrence.Ordinal);
        foreach (var classifier in occurrence.Classifiers)
        {
            if (state.Classifiers.Count < MaxClassifiers && !state.Classifiers.Contains(classifier))
            {
                state.Classifiers.Add(classifier);
            }
        }

        CountAttributes(state, occurrence, options);
        CountActivity(state.Hourly, occurrence.OccurredAt.ToUnixTimeSeconds() / 3600, options.HourlyActivityHours);
        CountActivity(state.Daily, occurrence.OccurredAt.ToUnixTimeSeconds() / 86400, options.DailyActivityDays);
        AddRecent(state, occurrence, options.RecentSnapshots);
        return Regress(state, occurrence, options);
    }

    private static void AdvanceWatermark(FaultGroupState state, long ordinal)
    {
        if (ordinal != state.Watermark + 1)
        {
            state.Ahead.Add(ordinal);
            return;
        }

        state.Watermark = ordinal;
        while (state.Ahead.Remove(state.Watermark + 1))
        {
            state.Watermark++;
        }
    }

    /// <summary>Records a status change in the state and its bounded history.</summary>
    public static void ChangeStatus(FaultGroupState state, FaultGroupStatusChanged change, int historyLimit)
    {
        state.Status = change.To;
        state.StatusChangedAt = change.At;
        state.History.Insert(0, change);
        if (state.History.Count > historyLimit)
        {
            state.History.RemoveRange(historyLimit, state.History.Count - historyLimit);
        }
    }

    /// <summary>
    /// A snapshot received after the group was resolved reopens it. Received, not occurred: a crash from before
    /// the fix that is delivered late (an agent's outbox draining) must not count as a regression, and a
    /// snapshot the group folds only when catching up after a restart is judged by when it really arrived.
    /// </summary>
    private static bool Regress(FaultGroupState state, SnapshotOccurrence occurrence, FaultGroupOptions options)
    {
        if (state.Status != FaultGroupStatus.Resolved || occurrence.ReceivedAt <= state.StatusChangedAt)
        {
            return false;
        }

        state.RegressionCount++;
        ChangeStatus(state, new FaultGroupStatusChanged
        {
            From = FaultGroupStatus.Resolved,
            To = FaultGroupStatus.Open,
            At = occurrence.ReceivedAt,
            Regression = true,
            Snapshot = occurrence.Uuid,
        }, options.StatusHistory);
        return true;
    }

    private static void CountAttributes(FaultGroupState state, SnapshotOccurrence occurrence, FaultGroupOptions options)
    {
        foreach (var (key, raw) in occurrence.Attributes)
        {
            var counts = state.TopValues.Find(c => c.Attribute == key);
            if (counts is null)
            {
                if (state.TopValues.Count >= options.MaxTrackedAttributes)
                {
                    continue;
                }

                counts = new AttributeCounts { Attribute = key };
                state.TopValues.Add(counts);
            }

            var value = raw.Length > options.MaxValueLength ? raw[..options.MaxValueLength] : raw;
            if (counts.Values.TryGetValue(value, out var count))
            {
                counts.Values[value] = count + 1;
            }
            else if (counts.Values.Count < options.MaxValuesPerAttribute)
            {
                counts.Values[value] = 1;
            }
            else
            {
                counts.Other++;
            }
        }
    }

    /// <summary>Counts a bucket and drops buckets older than the window ending at the newest bucket.</summary>
    private static void CountActivity(Dictionary<long, long> buckets, long bucket, int window)
    {
        var newest = buckets.Count == 0 ? bucket : Math.Max(bucket, buckets.Keys.Max());
        if (bucket <= newest - window)
        {
            return;
        }

        buckets[bucket] = buckets.GetValueOrDefault(bucket) + 1;
        foreach (var old in buckets.Keys.Where(k => k <= newest - window).ToList())
        {
            buckets.Remove(old);
        }
    }

    private static void AddRecent(FaultGroupState state, SnapshotOccurrence occurrence, int limit)
    {
        var index = state.Recent.FindIndex(r => r.ReceivedAt < occurrence.ReceivedAt);
        state.Recent.Insert(index < 0 ? state.Recent.Count : index, new RecentSnapshot(occurrence.Uuid, occurrence.OccurredAt, occurrence.ReceivedAt));
        if (state.Recent.Count > limit)
        {
            state.Recent.RemoveRange(limit, state.Recent.Count - limit);
        }
    }
}
