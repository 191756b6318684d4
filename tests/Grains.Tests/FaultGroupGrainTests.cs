using Backtrace.Grains.FaultGroups;
using Backtrace.Snapshots.Model;
using Backtrace.Storage.Index;

namespace Backtrace.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class FaultGroupGrainTests(ClusterFixture fixture)
{
    private readonly BacktraceCluster _backtrace = fixture.Backtrace;

    private IFaultGroupGrain Group(string project, string fingerprint) =>
        _backtrace.Grains.GetGrain<IFaultGroupGrain>(GrainKeys.FaultGroup(project, fingerprint));

    [Fact]
    public async Task Group_CountsFirstLastSeenTopValuesActivityAndRecent()
    {
        var project = await _backtrace.NewProjectAsync();
        var start = new DateTimeOffset(2026, 11, 24, 10, 30, 0, TimeSpan.Zero);
        var uuids = new List<Guid>();
        string fingerprint = "";
        for (var i = 0; i < 5; i++)
        {
            var snapshot = Crashes.Segv("overflow", "main");
            snapshot.Timestamp = start.AddHours(i < 3 ? 0 : 25);
            snapshot.Attributes["version"] = i < 4 ? "1.0.0" : "1.1.0";
            uuids.Add(snapshot.Uuid);
            fingerprint = (await _backtrace.SubmitAsync(project, snapshot, start.AddDays(2).AddMinutes(i))).Fingerprint;
        }

        var group = await Group(project, fingerprint).GetAsync();
        Assert.Equal((5L, start, start.AddHours(25), FaultGroupStatus.Open), (group.Count, group.FirstSeen, group.LastSeen, group.Status));
        Assert.Equal(["overflow", "main"], group.Callstack);
        Assert.Equal(["segv", "null-dereference"], group.Classifiers);

        var versions = Assert.Single(group.TopValues, t => t.Attribute == "version");
        Assert.Equal([new ValueCount("1.0.0", 4), new ValueCount("1.1.0", 1)], versions.Values);

        Assert.Equal([new ActivityBucket(start.AddMinutes(-30), 3), new ActivityBucket(start.AddMinutes(-30).AddHours(25), 2)], group.HourlyActivity);
        Assert.Equal([new ActivityBucket(start.Date, 3), new ActivityBucket(start.Date.AddDays(1), 2)],
            group.DailyActivity.Select(b => b with { Start = b.Start.UtcDateTime }).Select(b => new ActivityBucket(b.Start, b.Count)));
        Assert.Equal(uuids.AsEnumerable().Reverse(), group.RecentSnapshots.Select(r => r.Uuid));
    }

    [Fact]
    public async Task ChangeStatus_IsRecordedInTheGroupHistoryAndTheIndex()
    {
        var project = await _backtrace.NewProjectAsync();
        var fingerprint = (await _backtrace.SubmitAsync(project, Crashes.Segv("bug", "main"))).Fingerprint;
        var details = await Group(project, fingerprint).ChangeStatusAsync(
            new FaultGroupStatusChange { Status = FaultGroupStatus.InProgress, ChangedBy = "alice", Comment = "looking" });
        Assert.Equal(FaultGroupStatus.InProgress, details.Status);
        var change = Assert.Single(details.StatusHistory);
        Assert.Equal((FaultGroupStatus.Open, FaultGroupStatus.InProgress, "alice", "looking", false), (change.From, change.To, change.ChangedBy, change.Comment, change.Regression));
        var row = await _backtrace.Service<IFaultGroupIndex>().GetAsync(project, fingerprint);
        Assert.Equal(FaultGroupStatus.InProgress, row!.Status);
    }

    [Fact]
    public async Task ResolvedGroup_NewSnapshot_IsARegression()
    {
        var project = await _backtrace.NewProjectAsync();
        var fingerprint = (await _backtrace.SubmitAsync(project, Crashes.Segv("flaky", "main"))).Fingerprint;
        await Group(project, fingerprint).ChangeStatusAsync(new FaultGroupStatusChange { Status = FaultGroupStatus.Resolved });

        var again = Crashes.Segv("flaky", "main");
        var result = await _backtrace.SubmitAsync(project, again);
        Assert.True(result.Regressed);

        var group = await Group(project, fingerprint).GetAsync();
        Assert.Equal((FaultGroupStatus.Open, 1), (group.Status, group.RegressionCount));
        var regression = group.StatusHistory[0];
        Assert.Equal((true, (Guid?)again.Uuid, FaultGroupStatus.Resolved, FaultGroupStatus.Open), (regression.Regression, regression.Snapshot, regression.From, regression.To));
        Assert.Equal(FaultGroupStatus.Open, (await _backtrace.Service<IFaultGroupIndex>().GetAsync(project, fingerprint))!.Status);

        // A duplicate of the regressing snapshot is not a second regression.
        Assert.False((await _backtrace.SubmitAsync(project, again)).Regressed);
    }

    [Fact]
    public async Task LateSnapshotReceivedBeforeTheResolution_IsNotARegression()
    {
        var project = await _backtrace.NewProjectAsync();
        var fingerprint = (await _backtrace.SubmitAsync(project, Crashes.Segv("old_bug", "main"))).Fingerprint;
        await Group(project, fingerprint).ChangeStatusAsync(new FaultGroupStatusChange { Status = FaultGroupStatus.Resolved });
        var late = await _backtrace.SubmitAsync(project, Crashes.Segv("old_bug", "main"), DateTimeOffset.UtcNow.AddMinutes(-10));
        Assert.False(late.Regressed);
        Assert.Equal(FaultGroupStatus.Resolved, (await Group(project, fingerprint).GetAsync()).Status);
    }

    [Fact]
    public async Task MutedGroup_StaysMuted_ButCounts()
    {
        var project = await _backtrace.NewProjectAsync();
        var fingerprint = (await _backtrace.SubmitAsync(project, Crashes.Segv("noise", "main"))).Fingerprint;
        await Group(project, fingerprint).ChangeStatusAsync(new FaultGroupStatusChange { Status = FaultGroupStatus.Muted });
        var result = await _backtrace.SubmitAsync(project, Crashes.Segv("noise", "main"));
        Assert.Equal((false, 2L), (result.Regressed, result.GroupCount));
        Assert.Equal(FaultGroupStatus.Muted, (await Group(project, fingerprint).GetAsync()).Status);
    }

    [Fact]
    public async Task UnknownGroup_IsNotFound()
    {
        var project = await _backtrace.NewProjectAsync();
        var error = await Assert.ThrowsAsync<FaultGroupNotFoundException>(() => Group(project, new string('0', 64)).GetAsync());
        Assert.Equal(DomainErrorKind.NotFound, error.Kind);
        await Assert.ThrowsAsync<FaultGroupNotFoundException>(() => Group(project, new string('0', 64))
            .ChangeStatusAsync(new FaultGroupStatusChange { Status = FaultGroupStatus.Resolved }));
    }

    [Fact]
    public async Task ChangeStatus_BadInput_IsRejected()
    {
        var project = await _backtrace.NewProjectAsync();
        var fingerprint = (await _backtrace.SubmitAsync(project, Crashes.Segv("bug2", "main"))).Fingerprint;
        Assert.Equal("status", (await Assert.ThrowsAsync<InvalidRequestException>(
            () => Group(project, fingerprint).ChangeStatusAsync(new FaultGroupStatusChange { Status = (FaultGroupStatus)9 }))).Field);
        Assert.Equal("comment", (await Assert.ThrowsAsync<InvalidRequestException>(
            () => Group(project, fingerprint).ChangeStatusAsync(new FaultGroupStatusChange { Status = FaultGroupStatus.Resolved, Comment = new string('x', 5000) }))).Field);
    }

    [Fact]
    public async Task OccurrencesOutOfOrder_AreEachCountedOnce()
    {
        var project = await _backtrace.NewProjectAsync();
        var fingerprint = new string('a', 64);
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        SnapshotOccurrence Occurrence(long ordinal) => new()
        {
            Uuid = Guid.NewGuid(),
            Ordinal = ordinal,
            OccurredAt = start.AddSeconds(ordinal),
            ReceivedAt = start.AddSeconds(ordinal),
            FingerprintVersion = 1,
            Attributes = new Dictionary<string, string>(),
            Classifiers = ["segv"],
            Callstack = ["f"],
        };

        var occurrences = new[] { Occurrence(1), Occurrence(2), Occurrence(3) };
        var group = Group(project, fingerprint);
        Assert.Equal(1, (await group.RecordAsync(occurrences[2])).Count);
        Assert.Equal(2, (await group.RecordAsync(occurrences[0])).Count);
        Assert.Equal(2, (await group.RecordAsync(occurrences[2])).Count);
        Assert.Equal(3, (await group.RecordAsync(occurrences[1])).Count);
        Assert.Equal(3, (await group.RecordAsync(occurrences[0])).Count);
        Assert.Equal(occurrences.Select(o => o.Uuid).Reverse(), (await group.GetAsync()).RecentSnapshots.Select(r => r.Uuid));
    }

    [Fact]
    public async Task SnapshotsTheGroupWasNeverTold_AreFoldedFromTheIndex()
    {
        // Simulates callers that died between recording a snapshot in the index and telling its group: the
        // next snapshot the group hears about leaves a gap below it, and once the gap outlasts the gap timeout
        // (1 s in these tests) the group reads the missing snapshots from the index.
        var project = await _backtrace.NewProjectAsync();
        var first = await _backtrace.SubmitAsync(project, Crashes.Segv("lost", "main"));
        var index = _backtrace.Service<ISnapshotIndex>();
        for (var i = 0; i < 3; i++)
        {
            await index.RecordAsync(new SnapshotRecord
            {
                Project = project,
                Uuid = Guid.NewGuid(),
                Fingerprint = first.Fingerprint,
                FingerprintVersion = 1,
                OccurredAt = DateTimeOffset.UtcNow,
                ReceivedAt = DateTimeOffset.UtcNow,
                SourceFormat = "native",
                Classifiers = ["segv"],
                Attributes = new Dictionary<string, AttributeValue> { ["version"] = "2.0.0" },
                Callstack = ["lost", "main"],
                BodySize = 1,
            });
        }

        var next = await _backtrace.SubmitAsync(project, Crashes.Segv("lost", "main"));
        Assert.Equal(2, next.GroupCount);
        var group = await Eventually.MatchesAsync(() => Group(project, first.Fingerprint).GetAsync(), g => g.Count == 5,
            $"group {first.Fingerprint} to fold the 3 snapshots it was never told about");
        Assert.Contains(new ValueCount("2.0.0", 3), Assert.Single(group.TopValues, t => t.Attribute == "version").Values);
    }
}
