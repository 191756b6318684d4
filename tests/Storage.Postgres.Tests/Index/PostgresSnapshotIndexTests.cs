using Backtrace.LocalServices;
using Backtrace.Snapshots.Model;

namespace Backtrace.Storage.Postgres.Tests.Index;

public sealed class PostgresSnapshotIndexTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task RecordAsync_CountsEachSnapshotInItsGroupWithDenseOrdinals()
    {
        await using var db = await QueryIndexDatabase.CreateAsync(postgres.Server);

        var first = await db.Snapshots.RecordAsync(Records.Snapshot("p", "a", Records.Start));
        var second = await db.Snapshots.RecordAsync(Records.Snapshot("p", "a", Records.Start.AddMinutes(5)));
        var other = await db.Snapshots.RecordAsync(Records.Snapshot("p", "b", Records.Start));

        Assert.True(first.Inserted && first.GroupCreated);
        Assert.Equal(1, first.Record.GroupOrdinal);
        Assert.True(second.Inserted);
        Assert.False(second.GroupCreated);
        Assert.Equal(2, second.Record.GroupOrdinal);
        Assert.True(other.GroupCreated);

        var group = await db.Groups.GetAsync("p", Records.Fingerprint("a"));
        Assert.NotNull(group);
        Assert.Equal(2, group.Count);
        Assert.Equal(Records.Start, group.FirstSeen);
        Assert.Equal(Records.Start.AddMinutes(5), group.LastSeen);
        Assert.Equal(second.Record.Uuid, group.LastSnapshot);
        Assert.Equal(["a_inner", "a_outer"], group.Callstack);
    }

    [Fact]
    public async Task RecordAsync_TheSameUuidTwice_IsStoredAndCountedOnce()
    {
        await using var db = await QueryIndexDatabase.CreateAsync(postgres.Server);
        var snapshot = Records.Snapshot("p", "a", Records.Start);

        var first = await db.Snapshots.RecordAsync(snapshot);
        var again = await db.Snapshots.RecordAsync(snapshot with { Hostname = "another" });

        Assert.True(first.Inserted);
        Assert.False(again.Inserted);
        Assert.False(again.GroupCreated);
        Assert.Equal("host-1", again.Record.Hostname);
        Assert.Equal(1, (await db.Groups.GetAsync("p", Records.Fingerprint("a")))!.Count);
    }

    [Fact]
    public async Task RecordAsync_ConcurrentRecords_KeepCountsExactAndOrdinalsDense()
    {
        await using var db = await QueryIndexDatabase.CreateAsync(postgres.Server);
        var distinct = Enumerable.Range(0, 40).Select(i => Records.Snapshot("p", "hot", Records.Start.AddSeconds(i))).ToArray();
        // Each uuid submitted three times at once, as a retrying client and a redelivery might.
        var submissions = distinct.SelectMany(s => new[] { s, s, s }).OrderBy(_ => Random.Shared.Next());

        var results = await Task.WhenAll(submissions.Select(s => db.Snapshots.RecordAsync(s)));

        Assert.Equal(distinct.Length, results.Count(r => r.Inserted));
        Assert.Single(results, r => r.GroupCreated);
        Assert.Equal(distinct.Length, (await db.Groups.GetAsync("p", Records.Fingerprint("hot")))!.Count);
        var ordinals = (await db.Snapshots.ListGroupSnapshotsAsync("p", Records.Fingerprint("hot"), 0, 1000)).Select(r => r.GroupOrdinal);
        Assert.Equal(Enumerable.Range(1, distinct.Length).Select(i => (long)i), ordinals);
    }

    [Fact]
    public async Task GetAsync_ReturnsEveryFieldAsRecorded()
    {
        await using var db = await QueryIndexDatabase.CreateAsync(postgres.Server);
        var snapshot = Records.Snapshot("p", "a", new DateTimeOffset(2026, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)));
        await db.Snapshots.RecordAsync(snapshot);

        var read = await db.Snapshots.GetAsync("p", snapshot.Uuid);

        Assert.NotNull(read);
        Assert.Equal(snapshot.OccurredAt, read.OccurredAt);
        Assert.Equal(TimeSpan.Zero, read.OccurredAt.Offset);
        Assert.Equal((snapshot.Application, snapshot.ApplicationVersion, snapshot.Hostname, snapshot.SourceFormat, snapshot.BodySize),
            (read.Application, read.ApplicationVersion, read.Hostname, read.SourceFormat, read.BodySize));
        Assert.Equal(snapshot.Classifiers, read.Classifiers);
        Assert.Equal(snapshot.Callstack, read.Callstack);
        Assert.Equal(AttributeValue.FromString("release"), read.Attributes["build"]);
        Assert.Equal(AttributeValue.FromNumber(12.5), read.Attributes["uptime"]);
        Assert.Equal(AttributeValue.FromBoolean(false), read.Attributes["debug"]);
        Assert.Null(await db.Snapshots.GetAsync("p", Guid.NewGuid()));
        Assert.Null(await db.Snapshots.GetAsync("other-project", snapshot.Uuid));
    }

    [Fact]
    public async Task GroupSnapshotLists_PageByOrdinalAndListNewestFirst()
    {
        await using var db = await QueryIndexDatabase.CreateAsync(postgres.Server);
        for (var i = 0; i < 5; i++) await db.Snapshots.RecordAsync(Records.Snapshot("p", "a", Records.Start.AddMinutes(i)));
        var fingerprint = Records.Fingerprint("a");

        var page = await db.Snapshots.ListGroupSnapshotsAsync("p", fingerprint, afterOrdinal: 2, limit: 2);
        var recent = await db.Snapshots.RecentGroupSnapshotsAsync("p", fingerprint, limit: 3);

        Assert.Equal([3L, 4L], page.Select(r => r.GroupOrdinal));
        Assert.Equal([5L, 4L, 3L], recent.Select(r => r.GroupOrdinal));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Snapshots.RecentGroupSnapshotsAsync("p", fingerprint, 0));
    }
}
