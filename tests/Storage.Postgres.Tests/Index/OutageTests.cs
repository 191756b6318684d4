using Backtrace.Grains;
using Backtrace.LocalServices;

namespace Backtrace.Storage.Postgres.Tests.Index;

public sealed class OutageTests
{
    [Fact]
    public async Task WhilePostgresIsDown_TheStoresThrowDependencyUnavailable_AndWorkAgainOnceItIsBack()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var db = await QueryIndexDatabase.CreateAsync(server);
        await db.Snapshots.RecordAsync(Records.Snapshot("p", "a", Records.Start));

        await server.StopAsync();
        var down = await Assert.ThrowsAsync<DependencyUnavailableException>(() => db.Snapshots.RecordAsync(Records.Snapshot("p", "a", Records.Start)));
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => db.Groups.GetAsync("p", Records.Fingerprint("a")));
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => db.Projects.ListAsync());
        Assert.Equal("PostgreSQL", down.Dependency);
        Assert.Equal(DomainErrorKind.Unavailable, down.Kind);

        await server.RestartAsync();
        await Eventually.TrueAsync(async () => (await db.Snapshots.RecordAsync(Records.Snapshot("p", "a", Records.Start))).Inserted,
            TimeSpan.FromSeconds(30), "a record once PostgreSQL is back");
        Assert.Equal(2, (await db.Groups.GetAsync("p", Records.Fingerprint("a")))!.Count);
    }
}
