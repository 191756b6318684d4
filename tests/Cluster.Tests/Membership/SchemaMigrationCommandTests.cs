using Backtrace.Cluster.Membership;
using Backtrace.LocalServices;
using Microsoft.Extensions.Configuration;

namespace Backtrace.Cluster.Tests.Membership;

public sealed class SchemaMigrationCommandTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Migrate_AppliesTheMissingSteps_ThenReportsNothingToDo()
    {
        var configuration = Configuration(await postgres.Server.CreateDatabaseAsync());
        var first = new StringWriter();
        var second = new StringWriter();

        Assert.Equal(0, await SchemaMigrationCommand.RunAsync(configuration, first));
        Assert.Equal(0, await SchemaMigrationCommand.RunAsync(configuration, second));

        Assert.Contains("applied 0001_orleans_membership", first.ToString());
        Assert.Contains("applied 0002_query_index", first.ToString());
        Assert.DoesNotContain("applied", second.ToString());
        Assert.Contains("schema is at version", second.ToString());
    }

    [Fact]
    public async Task Migrate_WithoutAConnectionString_SaysWhatToSet()
    {
        var output = new StringWriter();

        Assert.Equal(1, await SchemaMigrationCommand.RunAsync(Configuration(null), output));
        Assert.StartsWith("error: ConnectionStrings:Postgres is not set", output.ToString());
    }

    [Fact]
    public async Task Migrate_WhenTheDatabaseIsUnreachable_FailsWithAnErrorLine()
    {
        var output = new StringWriter();
        var port = FreePorts.Take(1)[0];

        Assert.Equal(1, await SchemaMigrationCommand.RunAsync(Configuration($"Host=127.0.0.1;Port={port};Username=x;Timeout=3"), output));
        Assert.StartsWith("error: ", output.ToString());
    }

    private static IConfiguration Configuration(string? postgres) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = postgres })
        .Build();
}
