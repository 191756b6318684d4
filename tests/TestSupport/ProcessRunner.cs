using System.Diagnostics;

namespace Backtrace.TestSupport;

/// <summary>Runs a command to completion with a timeout, capturing its output.</summary>
public static class ProcessRunner
{
    /// <summary>The result of a finished command.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed);

    public static Result Run(string file, string arguments, TimeSpan timeout, string? standardInput = null, IDictionary<string, string>? environment = null) =>
        Run(file, SplitArguments(arguments), timeout, standardInput, environment);

    public static Result Run(string file, IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result, watch.Elapsed);
    }

    private static string[] SplitArguments(string arguments) => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
