using System.Globalization;
using System.Text.RegularExpressions;

namespace Backtrace.TestSupport;

/// <summary>
/// Runs elfutils' eu-stack, the oracle the agent's stacks are compared with, and parses its output:
/// per thread, the frames' addresses, function names and (with <c>-s</c>) source lines.
/// </summary>
public static partial class EuStack
{
    /// <summary>One eu-stack frame.</summary>
    public sealed record Frame(ulong Pc, string? Function, string? File, int? Line);

    /// <summary>Threads by tid, frames innermost first.</summary>
    public static Dictionary<long, List<Frame>> Live(int pid, bool sourceLines = false) =>
        Parse(Run($"-a {(sourceLines ? "-s " : "")}-n 0 -p {pid}"));

    public static Dictionary<long, List<Frame>> Core(string core, string executable, bool sourceLines = false) =>
        Parse(Run($"-a {(sourceLines ? "-s " : "")}-n 0 --core {core} -e {executable}"));

    private static string Run(string arguments)
    {
        var result = ProcessRunner.Run("eu-stack", arguments, TimeSpan.FromMinutes(2));
        if (result.StandardOutput.Length == 0)
        {
            throw new InvalidOperationException($"eu-stack {arguments} printed nothing (exit {result.ExitCode}): {result.StandardError}");
        }

        return result.StandardOutput;
    }

    /// <summary>Parses "TID n:" headers, "#k  0xPC [- 1] function" frames (the pc is raw; "- 1" says a caller's
    /// pc-1 was symbolized) and "    file:line[:column]" source lines.</summary>
    public static Dictionary<long, List<Frame>> Parse(string output)
    {
        var threads = new Dictionary<long, List<Frame>>();
        List<Frame>? current = null;
        foreach (var line in output.Split('\n'))
        {
            if (ThreadLine().Match(line) is { Success: true } thread)
            {
                current = [];
                threads[long.Parse(thread.Groups[1].Value, CultureInfo.InvariantCulture)] = current;
            }
            else if (current is not null && FrameLine().Match(line) is { Success: true } frame)
            {
                var function = frame.Groups[2].Value.Trim();
                current.Add(new Frame(ulong.Parse(frame.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), function.Length == 0 || function == "??" ? null : function, null, null));
            }
            else if (current is { Count: > 0 } && SourceLine().Match(line) is { Success: true } source)
            {
                current[^1] = current[^1] with { File = source.Groups[1].Value, Line = int.Parse(source.Groups[2].Value, CultureInfo.InvariantCulture) };
            }
        }

        return threads;
    }

    [GeneratedRegex(@"^TID (\d+):")]
    private static partial Regex ThreadLine();

    [GeneratedRegex(@"^#\d+\s+0x([0-9a-f]+)\s+(?:- 1\s+)?(.*?)\s*$")]
    private static partial Regex FrameLine();

    // eu-stack -s prints "file:line" or "file:line:column"; the lazy file part keeps the column out of the name.
    [GeneratedRegex(@"^\s+(\S+?):(\d+)(?::\d+)?\s*$")]
    private static partial Regex SourceLine();
}
