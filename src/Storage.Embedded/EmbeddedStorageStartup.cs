using Backtrace.Storage.Bodies;
using Backtrace.Storage.Embedded.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Backtrace.Storage.Embedded;

/// <summary>Opens the database and the body store when the host starts, so that an unwritable data directory or
/// a database from a newer version stops the start with a clear error instead of failing the first request.</summary>
public sealed class EmbeddedStorageStartup(IServiceProvider services) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<SqliteDatabase>();
        services.GetRequiredService<ISnapshotBodyStore>();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
