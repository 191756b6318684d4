using System.Diagnostics;

namespace Backtrace.Hydra.Tests.EndToEnd;

/// <summary>The real <c>backtrace-hydra</c> executable, built beside the tests through the project reference.</summary>
internal static class HydraBinary
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "backtrace-hydra");

    /// <summary>Runs hydra without a terminal and returns its exit code, standard output and standard error.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("BACKTRACE_TOKEN");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TmuxSession.Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"backtrace-hydra {string.Join(' ', args)} did not exit");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Quotes a path for the shell command tmux runs.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
