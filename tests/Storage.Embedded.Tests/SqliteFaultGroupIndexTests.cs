using Backtrace.Grains.FaultGroups;
using Backtrace.Storage.Index;
using Backtrace.Storage.Projects;
using static Backtrace.Storage.Embedded.Tests.Records;

namespace Backtrace.Storage.Embedded.Tests;

public sealed class SqliteFaultGroupIndexTests : IDisposable
{
    private readonly EmbeddedStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task List_SortsByCountLastSeenOrFirstSeen_AndPages()
    {
        // a: 3 snapshots, seen from 09:00 to 10:00; b: 1 at 13:00; c: 2 from 08:00 to 11:00.
        await Record("a", Noon.AddHours(-3), Noon.AddHours(-2), Noon.AddHours(-2));
        await Record("b", Noon.AddHours(1));
        await Record("c", Noon.AddHours(-4), Noon.AddHours(-1));

        Assert.Equal(["a", "c", "b"], await Fingerprints(new FaultGroupQuery { Project = "demo", Sort = FaultGroupSort.Count }));
        Assert.Equal(["b", "c", "a"], await Fingerprints(new FaultGroupQuery { Project = "demo", Sort = FaultGroupSort.LastSeen }));
        Assert.Equal(["b", "a", "c"], await Fingerprints(new FaultGroupQuery { Project = "demo", Sort = FaultGroupSort.FirstSeen }));

        var page = await _storage.Groups.ListAsync(new FaultGroupQuery { Project = "demo", Sort = FaultGroupSort.Count, Offset = 1, Limit = 1 });
        Assert.Equal(3, page.Total);
        Assert.Equal(["c"], page.Items.Select(g => g.Fingerprint));
    }

    [Fact]
    public async Task List_FiltersByStatus()
    {
        await Record("a", Noon);
        await Record("b", Noon);
        await _storage.Groups.SetStatusAsync("demo", "b", FaultGroupStatus.Resolved, Noon.AddHours(1));
        var resolved = await _storage.Groups.ListAsync(new FaultGroupQuery { Project = "demo", Status = FaultGroupStatus.Resolved });
        Assert.Equal((1, "b"), (resolved.Total, resolved.Items.Single().Fingerprint));
        Assert.Equal(Noon.AddHours(1), resolved.Items.Single().StatusChangedAt);
        Assert.Equal(["a"], await Fingerprints(new FaultGroupQuery { Project = "demo", Status = FaultGroupStatus.Open }));
    }

    [Fact]
    public async Task List_OnlyTheAskedProject()
    {
        await Record("a", Noon);
        await _storage.Snapshots.RecordAsync(Snapshot("z", project: "other"));
        Assert.Equal(["a"], await Fingerprints(new FaultGroupQuery { Project = "demo" }));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    [InlineData(0, FaultGroupQuery.MaxLimit + 1)]
    public async Task List_OutOfRangePaging_IsRejected(int offset, int limit) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _storage.Groups.ListAsync(new FaultGroupQuery { Project = "demo", Offset = offset, Limit = limit }));

    [Fact]
    public async Task ProjectCatalog_ListsProjectsWithTotals()
    {
        await _storage.Projects.UpsertAsync(new ProjectRow { Name = "demo", DisplayName = "Demo", CreatedAt = Noon });
        await _storage.Projects.UpsertAsync(new ProjectRow { Name = "empty", CreatedAt = Noon });
        await Record("a", Noon, Noon.AddHours(1));
        await Record("b", Noon);
        var projects = await _storage.Projects.ListAsync();
        Assert.Equal(["demo", "empty"], projects.Select(p => p.Name));
        Assert.Equal(("Demo", 2L, 3L, (DateTimeOffset?)Noon.AddHours(1)), (projects[0].DisplayName, projects[0].GroupCount, projects[0].SnapshotCount, projects[0].LastSeen));
        Assert.Equal((0L, 0L, (DateTimeOffset?)null), (projects[1].GroupCount, projects[1].SnapshotCount, projects[1].LastSeen));
    }

    private async Task Record(string fingerprint, params DateTimeOffset[] times)
    {
        foreach (var time in times)
        {
            await _storage.Snapshots.RecordAsync(Snapshot(fingerprint, time));
        }
    }

    private async Task<List<string>> Fingerprints(FaultGroupQuery query) =>
        (await _storage.Groups.ListAsync(query)).Items.Select(g => g.Fingerprint).ToList();
}
