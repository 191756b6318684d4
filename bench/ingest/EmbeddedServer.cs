using System.Diagnostics;

namespace Backtrace.Bench.Ingest;

/// <summary>
/// The embedded server (Release build) started as a child process on 127.0.0.1 with a temporary data directory,
/// its rate limit out of the way and the no-op endpoint on. Killed by PID when disposed.
/// </summary>
internal sealed class EmbeddedServer : IDisposable
{
    private const string ListeningPrefix = "Backtrace is listening on ";

    private readonly Process _process;
    private readonly string _dataDirectory;

    private EmbeddedServer(Process process, string dataDirectory, Uri address, string token)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Address = address;
        Token = token;
    }

    public Uri Address { get; }

    public string Token { get; }

    public string Project => "bench";

    public static async Task<EmbeddedServer> StartAsync(string repositoryRoot)
    {
        var project = Path.Combine(repositoryRoot, "src", "Gateway");
        await RunAsync("dotnet", ["build", project, "-c", "Release", "--nologo", "-v", "q"], repositoryRoot);

        var dataDirectory = Directory.CreateTempSubdirectory("backtrace-bench-").FullName;
        var token = "bench-" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            Path.Combine(project, "bin", "Release", "net10.0", "Backtrace.Gateway.dll"),
            "--listen", "http://127.0.0.1:0", "--data-dir", dataDirectory, "--project", "bench", "--token", token,
            "--Backtrace:Benchmark:NoopEndpoint", "true",
            "--Backtrace:Ingest:RateLimitPerSecond", "1000000", "--Backtrace:Ingest:RateLimitBurst", "1000000",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith(ListeningPrefix, StringComparison.Ordinal) == true)
            {
                listening.TrySetResult(new Uri(e.Data[ListeningPrefix.Length..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, e) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(120));
            return new EmbeddedServer(process, dataDirectory, address, token);
        }
        catch
        {
            process.Kill();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    internal static async Task RunAsync(string file, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}");
        }
    }
}
