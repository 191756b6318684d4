using Backtrace.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Backtrace.Cluster.Membership;

/// <summary>
/// Cluster membership in PostgreSQL through <c>Microsoft.Orleans.Clustering.AdoNet</c>, on the
/// project's own schema (<c>Storage.Postgres/Migrations</c>), which silos apply as they start.
/// </summary>
public static class PostgresMembershipExtensions
{
    /// <summary>The ADO.NET invariant the Orleans provider knows Npgsql by.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>Silos register and watch each other in PostgreSQL; with <paramref name="migrateOnStart"/> the schema is brought up to date first.</summary>
    public static ISiloBuilder UsePostgresMembership(this ISiloBuilder builder, string connectionString, bool migrateOnStart = true)
    {
        builder.Services.AddPostgresStorage(connectionString);
        if (migrateOnStart)
        {
            builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaMigrationAtStart>();
        }
        return builder.UseAdoNetClustering((OptionsBuilder<AdoNetClusteringSiloOptions> options) =>
            options.Configure<NpgsqlDataSource>((clustering, dataSource) =>
            {
                clustering.Invariant = NpgsqlInvariant;
                clustering.DataSource = dataSource;
            }));
    }

    /// <summary>A client finds the cluster's gateways in PostgreSQL; it never changes the schema.</summary>
    public static IClientBuilder UsePostgresMembership(this IClientBuilder builder, string connectionString)
    {
        builder.Services.AddPostgresStorage(connectionString);
        return builder.UseAdoNetClustering((OptionsBuilder<AdoNetClusteringClientOptions> options) =>
            options.Configure<NpgsqlDataSource>((clustering, dataSource) =>
            {
                clustering.Invariant = NpgsqlInvariant;
                clustering.DataSource = dataSource;
            }));
    }
}
