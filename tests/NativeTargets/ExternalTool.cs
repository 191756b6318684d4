using System.Diagnostics;

namespace Backtrace.NativeTargets;

/// <summary>Runs a command-line tool to completion with a timeout and returns its output.</summary>
public static class ExternalTool
{
    /// <summary>Output of one run.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/>; fails with the tool's output if it times out.</summary>
    public static Result Run(string file, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish in time; output so far: {stderr.Result}");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a tool that must succeed and returns its standard output.</summary>
    public static string Check(string file, params string[] arguments)
    {
        var result = Run(file, arguments);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
    }
}
