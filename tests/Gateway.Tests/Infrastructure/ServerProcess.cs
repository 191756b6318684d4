using System.Diagnostics;
using System.Text;

namespace Backtrace.Gateway.Tests.Infrastructure;

/// <summary>
/// The real embedded server (<c>dotnet Backtrace.Gateway.dll</c>) as a child process on 127.0.0.1 with a port
/// it picks itself (the start-up banner says which), on a given data directory. Killed by its PID.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>Generous: CI runs test assemblies in parallel on 2 cores, and a cold start JIT-compiles Orleans.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private const string ListeningPrefix = "Backtrace is listening on ";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, ServerOptions options)
    {
        _process = process;
        Options = options;
    }

    public ServerOptions Options { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the server printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server and returns once it answers <c>GET /healthz</c>.</summary>
    public static async Task<ServerProcess> StartAsync(ServerOptions options)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryFiles.Root,
        };
        start.ArgumentList.Add(RepositoryFiles.GatewayDll);
        foreach (var argument in options.Arguments())
        {
            start.ArgumentList.Add(argument);
        }

        // Only the arguments configure the server under test.
        foreach (var variable in new[] { "BACKTRACE_LISTEN", "BACKTRACE_DATA_DIR", "BACKTRACE_PROJECT", "BACKTRACE_TOKEN", "BACKTRACE_ADMIN_TOKEN", "ASPNETCORE_URLS" })
        {
            start.Environment.Remove(variable);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process, options);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            // Waiting again lets the redirected output drain, so the message holds everything the server printed.
            process.WaitForExit();
            server._listening.TrySetException(
                new InvalidOperationException($"the server exited with code {process.ExitCode} before listening:\n{server.Output}"));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            server.BaseAddress = await server._listening.Task.WaitAsync(StartTimeout);
            await server.WaitUntilHealthyAsync();
            return server;
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"the server (pid {process.Id}) did not become ready within {StartTimeout}:\n{server.Output}", e);
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>Kills the server at once (SIGKILL): no graceful shutdown, the way a crash or power cut ends it.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
        {
            _listening.TrySetResult(new Uri(line[ListeningPrefix.Length..].Trim()));
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline || _process.HasExited)
            {
                throw new TimeoutException($"GET /healthz did not succeed (exited: {_process.HasExited})");
            }

            await Task.Delay(100);
        }
    }
}
