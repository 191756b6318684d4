using System.Diagnostics;
using Backtrace.LocalServices;

namespace Backtrace.Cluster.Tests.Processes;

/// <summary>
/// A Backtrace host (silo or gateway) running as its own process, started with <c>dotnet App.dll</c> so that
/// the process id is the application's and a SIGKILL hits it, not a launcher. Output goes to a log file
/// that failure messages point at.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HostProcess(string name, Process process, string logFile)
    {
        Name = name;
        _process = process;
        LogFile = logFile;
    }

    public string Name { get; }

    public string LogFile { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>src/{project}</c>'s build output (same configuration as the tests) with <paramref name="environment"/>.</summary>
    public static HostProcess Start(string project, string name, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        // The tests run from tests/Cluster.Tests/bin/{configuration}/net10.0/.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = RepositoryPaths.Combine("src", project, "bin", configuration, "net10.0", $"Backtrace.{project}.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: build src/{project} in {configuration} first.", dll);

        var logFile = Path.Combine(logDirectory, $"{name}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = logDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new HostProcess(name, process, logFile);
    }

    /// <summary>Kills the process the way a machine loss or the OOM killer would: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
