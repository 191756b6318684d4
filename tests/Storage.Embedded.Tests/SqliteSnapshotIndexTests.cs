using Backtrace.Snapshots.Model;
using static Backtrace.Storage.Embedded.Tests.Records;

namespace Backtrace.Storage.Embedded.Tests;

public sealed class SqliteSnapshotIndexTests : IDisposable
{
    private readonly EmbeddedStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Record_NumbersSnapshotsDenselyWithinTheirGroup()
    {
        var first = await _storage.Snapshots.RecordAsync(Snapshot("aaa"));
        var other = await _storage.Snapshots.RecordAsync(Snapshot("bbb"));
        var second = await _storage.Snapshots.RecordAsync(Snapshot("aaa"));
        Assert.Equal((1, true, true), (first.Record.GroupOrdinal, first.Inserted, first.GroupCreated));
        Assert.Equal((1, true), (other.Record.GroupOrdinal, other.GroupCreated));
        Assert.Equal((2, false), (second.Record.GroupOrdinal, second.GroupCreated));
    }

    [Fact]
    public async Task Record_SameUuidTwice_CountsOnceAndReturnsTheFirstRow()
    {
        var uuid = Guid.NewGuid();
        var first = await _storage.Snapshots.RecordAsync(Snapshot("aaa", uuid: uuid));
        var again = await _storage.Snapshots.RecordAsync(Snapshot("bbb", uuid: uuid));
        Assert.False(again.Inserted);
        Assert.Equal("aaa", again.Record.Fingerprint);
        Assert.Equal(first.Record.GroupOrdinal, again.Record.GroupOrdinal);
        Assert.Equal(1, (await _storage.Groups.GetAsync("demo", "aaa"))!.Count);
        Assert.Null(await _storage.Groups.GetAsync("demo", "bbb"));
    }

    [Fact]
    public async Task Record_ConcurrentWithDuplicates_OrdinalsAreDenseAndCountsExact()
    {
        var records = Enumerable.Range(0, 400).Select(i => Snapshot($"fp{i % 4}")).ToList();
        var all = records.Concat(records.Take(100)).ToList();
        var outcomes = await Task.WhenAll(all.Select(r => _storage.Snapshots.RecordAsync(r)));
        Assert.Equal(400, outcomes.Count(o => o.Inserted));
        for (var g = 0; g < 4; g++)
        {
            var ordinals = outcomes.Where(o => o.Inserted && o.Record.Fingerprint == $"fp{g}").Select(o => o.Record.GroupOrdinal).Order();
            Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), ordinals);
            Assert.Equal(100, (await _storage.Groups.GetAsync("demo", $"fp{g}"))!.Count);
        }
    }

    [Fact]
    public async Task Rows_RoundTripEveryField()
    {
        var record = Snapshot("aaa");
        await _storage.Snapshots.RecordAsync(record);
        var stored = await _storage.Snapshots.GetAsync("demo", record.Uuid);
        Assert.NotNull(stored);
        Assert.Equal(record.Callstack, stored.Callstack);
        Assert.Equal(record.Classifiers, stored.Classifiers);
        Assert.Equal(record.Attributes.OrderBy(a => a.Key), stored.Attributes.OrderBy(a => a.Key));
        Assert.Equal(AttributeKind.Number, stored.Attributes["build"].Kind);
        Assert.Equal(record with { GroupOrdinal = 1, Callstack = stored.Callstack, Classifiers = stored.Classifiers, Attributes = stored.Attributes }, stored);
    }

    [Fact]
    public async Task GroupRow_TracksFirstAndLastSeenAcrossOutOfOrderArrivals()
    {
        await _storage.Snapshots.RecordAsync(Snapshot("aaa", Noon));
        await _storage.Snapshots.RecordAsync(Snapshot("aaa", Noon.AddHours(-3)));
        var last = Snapshot("aaa", Noon.AddHours(2));
        await _storage.Snapshots.RecordAsync(last);
        var group = await _storage.Groups.GetAsync("demo", "aaa");
        Assert.Equal((3, Noon.AddHours(-3), Noon.AddHours(2), last.Uuid), (group!.Count, group.FirstSeen, group.LastSeen, group.LastSnapshot));
    }

    [Fact]
    public async Task ListGroupSnapshots_AfterOrdinal_AscendingAndBounded()
    {
        for (var i = 0; i < 10; i++)
        {
            await _storage.Snapshots.RecordAsync(Snapshot("aaa"));
        }

        var page = await _storage.Snapshots.ListGroupSnapshotsAsync("demo", "aaa", afterOrdinal: 4, limit: 3);
        Assert.Equal([5L, 6L, 7L], page.Select(r => r.GroupOrdinal));
        var recent = await _storage.Snapshots.RecentGroupSnapshotsAsync("demo", "aaa", limit: 2);
        Assert.Equal([10L, 9L], recent.Select(r => r.GroupOrdinal));
    }

    [Fact]
    public async Task RecordedRows_SurviveReopen()
    {
        var record = Snapshot("aaa");
        await _storage.Snapshots.RecordAsync(record);
        _storage.Reopen();
        Assert.NotNull(await _storage.Snapshots.GetAsync("demo", record.Uuid));
        var again = await _storage.Snapshots.RecordAsync(record);
        Assert.False(again.Inserted);
        Assert.Equal(2, (await _storage.Snapshots.RecordAsync(Snapshot("aaa"))).Record.GroupOrdinal);
    }
}
