using System.Diagnostics;
using Backtrace.LocalServices;

namespace Backtrace.Bench.Ingest;

/// <summary>
/// A cluster on this machine for the benchmark: private PostgreSQL (fsync on) and Azurite, <c>silos</c> silo
/// processes and one gateway (Release builds), all on 127.0.0.1, the gateway's rate limit out of the way and
/// its no-op endpoint on. Everything is stopped when disposed.
/// </summary>
internal sealed class ClusterServer : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(180);

    private readonly List<Process> _processes = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("backtrace-bench-cluster-").FullName;
    private PostgresServer? _postgres;
    private AzuriteServer? _azurite;

    public Uri Address { get; private set; } = null!;

    public string Token { get; } = "bench-" + Guid.NewGuid().ToString("N");

    public string Project => "bench";

    /// <summary>CPU time of the silos and the gateway (PostgreSQL and Azurite not included).</summary>
    public TimeSpan CpuTime => _processes.Aggregate(TimeSpan.Zero, (sum, process) =>
    {
        process.Refresh();
        return process.HasExited ? sum : sum + process.TotalProcessorTime;
    });

    public static async Task<ClusterServer> StartAsync(string repositoryRoot, int silos)
    {
        var server = new ClusterServer();
        try
        {
            await server.StartAllAsync(repositoryRoot, silos);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(string repositoryRoot, int silos)
    {
        foreach (var project in new[] { "Silo", "Gateway" })
        {
            await EmbeddedServer.RunAsync("dotnet", ["build", Path.Combine(repositoryRoot, "src", project), "-c", "Release", "--nologo", "-v", "q"], repositoryRoot);
        }

        _postgres = await PostgresServer.StartAsync(fast: false);
        _azurite = await AzuriteServer.StartAsync();
        var cluster = ClusterProcesses.Environment(_postgres, _azurite, "bench");

        for (var i = 0; i < silos; i++)
        {
            var ports = FreePorts.Take(3);
            var silo = Start(repositoryRoot, "Silo", new Dictionary<string, string>(cluster)
            {
                ["Backtrace__Cluster__SiloPort"] = ports[0].ToString(),
                ["Backtrace__Cluster__GatewayPort"] = ports[1].ToString(),
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[2]}",
            }, []);
            // The first silo migrates the schema; the others join once it is ready.
            await WaitReadyAsync(silo, new Uri($"http://127.0.0.1:{ports[2]}/health/ready"));
        }

        var port = FreePorts.Take(1)[0];
        Address = new Uri($"http://127.0.0.1:{port}");
        var gateway = Start(repositoryRoot, "Gateway", cluster,
        [
            "--listen", Address.ToString(), "--data-dir", Path.Combine(_directory, "gateway"), "--project", Project, "--token", Token,
            "--Backtrace:Benchmark:NoopEndpoint", "true",
            "--Backtrace:Ingest:RateLimitPerSecond", "1000000", "--Backtrace:Ingest:RateLimitBurst", "1000000",
        ]);
        await WaitReadyAsync(gateway, new Uri(Address, "/health/ready"));
    }

    private Process Start(string repositoryRoot, string project, Dictionary<string, string> environment, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(repositoryRoot, "src", project, "bin", "Release", "net10.0", $"Backtrace.{project}.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    private static Task WaitReadyAsync(Process process, Uri health) =>
        ClusterProcesses.WaitReadyAsync(health, () => process.HasExited, $"cluster process {process.Id}", StartPatience);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }
        if (_azurite is not null) await _azurite.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
