using Backtrace.Grains.FaultGroups;
using Backtrace.LocalServices;
using Backtrace.Storage.Index;
using Backtrace.Storage.Projects;

namespace Backtrace.Storage.Postgres.Tests.Index;

public sealed class PostgresFaultGroupIndexTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task ListAsync_SortsFiltersAndPages()
    {
        await using var db = await QueryIndexDatabase.CreateAsync(postgres.Server);
        // Group "a": 3 snapshots, oldest. "b": 1, newest. "c": 2, in between.
        foreach (var (group, minute) in new[] { ("a", 0), ("a", 1), ("a", 2), ("c", 10), ("c", 11), ("b", 20) })
        {
            await db.Snapshots.RecordAsync(Records.Snapshot("p", group, Records.Start.AddMinutes(minute)));
        }
        await db.Snapshots.RecordAsync(Records.Snapshot("elsewhere", "z", Records.Start));
        await db.Groups.SetStatusAsync("p", Records.Fingerprint("c"), FaultGroupStatus.Resolved, Records.Start.AddHours(1));

        var byLastSeen = await db.Groups.ListAsync(new FaultGroupQuery { Project = "p" });
        var byCount = await db.Groups.ListAsync(new FaultGroupQuery { Project = "p", Sort = FaultGroupSort.Count });
        var byFirstSeen = await db.Groups.ListAsync(new FaultGroupQuery { Project = "p", Sort = FaultGroupSort.FirstSeen });
        var resolved = await db.Groups.ListAsync(new FaultGroupQuery { Project = "p", Status = FaultGroupStatus.Resolved });
        var secondPage = await db.Groups.ListAsync(new FaultGroupQuery { Project = "p", Sort = FaultGroupSort.Count, Offset = 1, Limit = 1 });
        var beyond = await db.Groups.ListAsync(new FaultGroupQuery { Project = "p", Offset = 10 });

        string[] Names(FaultGroupPage page) => page.Items.Select(g => new[] { "a", "b", "c" }.Single(n => Records.Fingerprint(n) == g.Fingerprint)).ToArray();
        Assert.Equal(["b", "c", "a"], Names(byLastSeen));
        Assert.Equal(3, byLastSeen.Total);
        Assert.Equal(["a", "c", "b"], Names(byCount));
        Assert.Equal(["b", "c", "a"], Names(byFirstSeen));
        Assert.Equal(["c"], Names(resolved));
        Assert.Equal(1, resolved.Total);
        Assert.Equal(FaultGroupStatus.Resolved, resolved.Items[0].Status);
        Assert.Equal(Records.Start.AddHours(1), resolved.Items[0].StatusChangedAt);
        Assert.Equal(["c"], Names(secondPage));
        Assert.Equal(3, secondPage.Total);
        Assert.Empty(beyond.Items);
        Assert.Equal(3, beyond.Total);
    }

    [Fact]
    public async Task ListAsync_RejectsOutOfRangePaging()
    {
        await using var db = await QueryIndexDatabase.CreateAsync(postgres.Server);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Groups.ListAsync(new FaultGroupQuery { Project = "p", Offset = -1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Groups.ListAsync(new FaultGroupQuery { Project = "p", Limit = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => db.Groups.ListAsync(new FaultGroupQuery { Project = "p", Limit = FaultGroupQuery.MaxLimit + 1 }));
    }

    [Fact]
    public async Task SetStatusAsync_ForAnUnknownGroup_DoesNothing()
    {
        await using var db = await QueryIndexDatabase.CreateAsync(postgres.Server);

        await db.Groups.SetStatusAsync("p", Records.Fingerprint("nothing"), FaultGroupStatus.Muted, Records.Start);

        Assert.Null(await db.Groups.GetAsync("p", Records.Fingerprint("nothing")));
    }

    [Fact]
    public async Task ProjectCatalog_ListsProjectsWithTheirTotals()
    {
        await using var db = await QueryIndexDatabase.CreateAsync(postgres.Server);
        await db.Projects.UpsertAsync(new ProjectRow { Name = "web", CreatedAt = Records.Start });
        await db.Projects.UpsertAsync(new ProjectRow { Name = "api", DisplayName = "The API", CreatedAt = Records.Start });
        await db.Projects.UpsertAsync(new ProjectRow { Name = "web", DisplayName = "Web", CreatedAt = Records.Start });
        await db.Snapshots.RecordAsync(Records.Snapshot("web", "a", Records.Start));
        await db.Snapshots.RecordAsync(Records.Snapshot("web", "a", Records.Start.AddMinutes(1)));
        await db.Snapshots.RecordAsync(Records.Snapshot("web", "b", Records.Start.AddMinutes(2)));

        var projects = await db.Projects.ListAsync();

        Assert.Equal(["api", "web"], projects.Select(p => p.Name));
        Assert.Equal(("The API", 0L, 0L, (DateTimeOffset?)null), (projects[0].DisplayName, projects[0].GroupCount, projects[0].SnapshotCount, projects[0].LastSeen));
        Assert.Equal(("Web", 2L, 3L, (DateTimeOffset?)Records.Start.AddMinutes(2)), (projects[1].DisplayName, projects[1].GroupCount, projects[1].SnapshotCount, projects[1].LastSeen));
    }
}
