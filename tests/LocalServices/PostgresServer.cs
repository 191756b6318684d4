using Npgsql;

namespace Backtrace.LocalServices;

/// <summary>
/// A private PostgreSQL server for one test run, started by <c>scripts/services/postgres.sh</c> in a
/// temporary directory on a free loopback port. It stops when disposed, and by itself if the test
/// process dies.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _directory;

    private PostgresServer(string directory, IReadOnlyDictionary<string, string> settings)
    {
        _directory = directory;
        ConnectionString = settings["ConnectionStrings__Postgres"];
        Port = int.Parse(settings["BACKTRACE_POSTGRES_PORT"]);
    }

    /// <summary>The connection string of the server's <c>backtrace</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>The loopback port the server listens on; it stays the same across restarts.</summary>
    public int Port { get; }

    /// <summary>Starts a new server.</summary>
    /// <param name="fast">fsync off (the default): no test survives a machine crash anyway. Benchmarks turn it on.</param>
    public static async Task<PostgresServer> StartAsync(bool fast = true)
    {
        // Directly under /tmp: the postgres user must be able to reach the directory.
        var directory = Path.Combine(Path.GetTempPath(), $"backtrace-pg-{Guid.NewGuid():N}");
        string[] arguments = ["start", directory, "--owner-pid", Environment.ProcessId.ToString()];
        var settings = await ServiceScript.RunAsync("postgres.sh", fast ? [.. arguments, "--fast"] : arguments);
        return new PostgresServer(directory, settings);
    }

    /// <summary>Creates an empty database on this server, so tests sharing the server share no data.</summary>
    /// <returns>The connection string of the new database.</returns>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server: a fast shutdown, or with <paramref name="immediate"/> an abort like a crash.</summary>
    public Task StopAsync(bool immediate = false) =>
        ServiceScript.RunAsync("postgres.sh", immediate ? ["stop", _directory, "--immediate"] : ["stop", _directory]);

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port with the same data.</summary>
    public Task RestartAsync() =>
        ServiceScript.RunAsync("postgres.sh", "start", _directory, "--owner-pid", Environment.ProcessId.ToString());

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await StopAsync(immediate: true);
        Directory.Delete(_directory, recursive: true);
    }
}
