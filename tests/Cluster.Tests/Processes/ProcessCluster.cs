using System.Net.Http.Headers;
using Backtrace.LocalServices;

namespace Backtrace.Cluster.Tests.Processes;

/// <summary>
/// A whole cluster of real processes on 127.0.0.1: silos and a gateway in cluster mode, on a private
/// PostgreSQL and Azurite, with per-run cluster id and containers. Disposing stops everything it started.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    public const string Project = "default";
    public const string Token = "cluster-test-token-0123456789";
    public const string AdminToken = "cluster-test-admin-token-0123456789";
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(120);

    private readonly string _directory = Directory.CreateTempSubdirectory("backtrace-cluster-").FullName;
    private readonly string _clusterId = $"proc-{Guid.NewGuid():N}";
    private readonly List<HostProcess> _processes = [];

    private ProcessCluster(PostgresServer postgres, AzuriteServer azurite)
    {
        Postgres = postgres;
        Azurite = azurite;
    }

    public PostgresServer Postgres { get; }

    public AzuriteServer Azurite { get; }

    public List<HostProcess> Silos { get; } = [];

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The blob container the snapshot bodies of this cluster go to.</summary>
    public string SnapshotContainer => $"bodies-{_clusterId[5..25]}";

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Starts PostgreSQL, Azurite, <paramref name="silos"/> silos and one gateway, and waits until the gateway is ready.</summary>
    public static async Task<ProcessCluster> StartAsync(int silos)
    {
        var cluster = new ProcessCluster(await PostgresServer.StartAsync(), await AzuriteServer.StartAsync());
        try
        {
            // One silo first: it creates the schema and the membership version row before the others race for them.
            for (var i = 0; i < silos; i++) await cluster.StartSiloAsync(waitUntilReady: i == 0);
            foreach (var silo in cluster.Silos.Skip(1)) await WaitReadyAsync(silo, cluster._siloHealth[silo]);
            await cluster.StartGatewayAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private readonly Dictionary<HostProcess, Uri> _siloHealth = [];

    public async Task<HostProcess> StartSiloAsync(bool waitUntilReady = true)
    {
        var ports = FreePorts.Take(3);
        var environment = Common();
        environment["Backtrace__Cluster__SiloPort"] = ports[0].ToString();
        environment["Backtrace__Cluster__GatewayPort"] = ports[1].ToString();
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[2]}";
        var silo = HostProcess.Start("Silo", $"silo-{Silos.Count + 1}", environment, _directory);
        _processes.Add(silo);
        Silos.Add(silo);
        _siloHealth[silo] = new Uri($"http://127.0.0.1:{ports[2]}/health/ready");
        if (waitUntilReady) await WaitReadyAsync(silo, _siloHealth[silo]);
        return silo;
    }

    private async Task StartGatewayAsync()
    {
        var port = FreePorts.Take(1)[0];
        var environment = Common();
        environment["BACKTRACE_LISTEN"] = $"http://127.0.0.1:{port}";
        environment["BACKTRACE_DATA_DIR"] = Path.Combine(_directory, "gateway");
        environment["BACKTRACE_PROJECT"] = Project;
        environment["BACKTRACE_TOKEN"] = Token;
        environment["BACKTRACE_ADMIN_TOKEN"] = AdminToken;
        var gateway = HostProcess.Start("Gateway", "gateway", environment, _directory);
        _processes.Add(gateway);
        GatewayUrl = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await WaitReadyAsync(gateway, new Uri(GatewayUrl, "/health/ready"));
    }

    private Dictionary<string, string> Common()
    {
        var environment = ClusterProcesses.Environment(Postgres, Azurite, _clusterId);
        environment["Backtrace__Cluster__GrainStateContainer"] = $"state-{_clusterId[5..25]}";
        environment["Backtrace__Cluster__SnapshotContainer"] = SnapshotContainer;
        environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        return environment;
    }

    private static Task WaitReadyAsync(HostProcess process, Uri health) =>
        ClusterProcesses.WaitReadyAsync(health, () => process.HasExited, $"{process.Name} (log: {process.LogFile})", StartPatience);

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        foreach (var process in Enumerable.Reverse(_processes)) await process.DisposeAsync();
        await Azurite.DisposeAsync();
        await Postgres.DisposeAsync();
        // BACKTRACE_KEEP_TEST_LOGS=1 keeps the processes' logs for a look after the run.
        if (Environment.GetEnvironmentVariable("BACKTRACE_KEEP_TEST_LOGS") != "1") Directory.Delete(_directory, recursive: true);
    }
}
