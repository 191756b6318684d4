namespace Backtrace.LocalServices;

/// <summary>
/// A private Azurite (blob, queue and table services) for one test run, started by
/// <c>scripts/services/azurite.sh</c> in a temporary directory on free loopback ports. It stops when
/// disposed, and by itself if the test process dies.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private readonly string _directory;

    private AzuriteServer(string directory, IReadOnlyDictionary<string, string> settings)
    {
        _directory = directory;
        ConnectionString = settings["ConnectionStrings__AzureStorage"];
        BlobPort = int.Parse(settings["BACKTRACE_AZURITE_BLOB_PORT"]);
        TablePort = int.Parse(settings["BACKTRACE_AZURITE_TABLE_PORT"]);
    }

    /// <summary>An Azure Storage connection string for the emulator's development account.</summary>
    public string ConnectionString { get; }

    /// <summary>The loopback port of the blob service; it stays the same across restarts.</summary>
    public int BlobPort { get; }

    /// <summary>The loopback port of the table service; it stays the same across restarts.</summary>
    public int TablePort { get; }

    /// <summary>Starts a new emulator.</summary>
    public static async Task<AzuriteServer> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"backtrace-azurite-{Guid.NewGuid():N}");
        var settings = await ServiceScript.RunAsync("azurite.sh", "start", directory,
            "--owner-pid", Environment.ProcessId.ToString());
        return new AzuriteServer(directory, settings);
    }

    /// <summary>Stops the emulator: SIGTERM, or with <paramref name="kill"/> SIGKILL like a crash.</summary>
    public Task StopAsync(bool kill = false) =>
        ServiceScript.RunAsync("azurite.sh", kill ? ["stop", _directory, "--kill"] : ["stop", _directory]);

    /// <summary>Starts the emulator again after <see cref="StopAsync"/>, on the same ports with the same data.</summary>
    public Task RestartAsync() =>
        ServiceScript.RunAsync("azurite.sh", "start", _directory, "--owner-pid", Environment.ProcessId.ToString());

    public async ValueTask DisposeAsync()
    {
        await StopAsync(kill: true);
        Directory.Delete(_directory, recursive: true);
    }
}
