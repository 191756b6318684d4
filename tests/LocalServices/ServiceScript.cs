using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Backtrace.LocalServices;

/// <summary>
/// Runs one of the <c>scripts/services</c> scripts, the same ones developers use, and reads the
/// <c>export NAME='value'</c> lines it prints.
/// </summary>
internal static partial class ServiceScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<IReadOnlyDictionary<string, string>> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(RepositoryPaths.Combine("scripts", "services", script))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {script}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {(await error).Trim()}");
        }

        var settings = new Dictionary<string, string>();
        foreach (Match match in ExportLine().Matches(await output))
        {
            settings[match.Groups["name"].Value] = match.Groups["value"].Value;
        }
        return settings;
    }

    [GeneratedRegex(@"^export (?<name>\w+)='(?<value>[^']*)'$|^export (?<name>\w+)=(?<value>\S*)$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();
}
