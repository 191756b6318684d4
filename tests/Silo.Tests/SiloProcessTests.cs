using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Backtrace.Silo.Tests;

/// <summary>Runs the real standalone silo host as a process: it composes, opens its storage and stops cleanly.</summary>
public sealed class SiloProcessTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "backtrace-silo-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Silo_StartsWithEmbeddedStorage_AndStopsOnSigterm()
    {
        using var silo = Start($"--Backtrace:Silo:DataDirectory={_dataDirectory}");
        var output = new OutputLog(silo);
        await output.WaitForAsync("Application started", TimeSpan.FromSeconds(90));
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "backtrace.db")), output.ToString());
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "bodies", "0000000001.seg")), output.ToString());

        Assert.Equal(0, Kill(silo.Id, Sigterm));
        Assert.True(await WaitForExitAsync(silo, TimeSpan.FromSeconds(60)), $"the silo did not stop after SIGTERM\n{output}");
        Assert.Equal(0, silo.ExitCode);
    }

    [Fact]
    public async Task Silo_WithAnInvalidSetting_RefusesToStartAndSaysWhatToFix()
    {
        using var silo = Start($"--Backtrace:Silo:DataDirectory={_dataDirectory}", "--Backtrace:FaultGroups:MaxValuesPerAttribute=0");
        var output = new OutputLog(silo);
        Assert.True(await WaitForExitAsync(silo, TimeSpan.FromSeconds(90)), $"the silo kept running with an invalid setting\n{output}");
        Assert.Equal(2, silo.ExitCode); // StartupFailure.InvalidSettings: settings that fail validation
        await output.WaitForAsync("error: Backtrace:FaultGroups:MaxValuesPerAttribute is 0; set it between 1 and 1024", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("   at ", output.ToString());
    }

    private const int Sigterm = 15;

    private static Process Start(params string[] arguments)
    {
        // This test runs from tests/Silo.Tests/bin/<configuration>/net10.0; the silo is built beside it in src/Silo.
        var output = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var configuration = Path.GetFileName(Path.GetDirectoryName(output))!;
        var dll = Path.Combine(output, "..", "..", "..", "..", "..", "src", "Silo", "bin", configuration, "net10.0", "Backtrace.Silo.dll");
        Assert.True(File.Exists(dll), $"the silo host is not built at {Path.GetFullPath(dll)}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.GetFullPath(dll));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the silo");
    }

    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Collects a process's output and awaits lines in it.</summary>
    private sealed class OutputLog
    {
        private readonly System.Text.StringBuilder _text = new();
        private readonly object _lock = new();

        public OutputLog(Process process)
        {
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public async Task WaitForAsync(string text, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (!ToString().Contains(text, StringComparison.Ordinal))
            {
                Assert.True(clock.Elapsed < timeout, $"timed out after {timeout.TotalSeconds:F0} s waiting for \"{text}\" in the silo's output:\n{this}");
                await Task.Delay(100);
            }
        }

        public override string ToString()
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_lock)
                {
                    _text.AppendLine(line);
                }
            }
        }
    }
}
