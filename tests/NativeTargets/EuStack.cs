using System.Globalization;
using System.Text.RegularExpressions;

namespace Backtrace.NativeTargets;

/// <summary>Runs <c>eu-stack</c> (elfutils), the oracle the unwinder is compared with, and parses its frames per thread.</summary>
public static partial class EuStack
{
    /// <summary>One frame as eu-stack prints it.</summary>
    public sealed record Frame(ulong Pc, string? Function, string? Module, string? File, int? Line, int? Column);

    /// <summary>Frames by thread id of a stopped process.</summary>
    public static Dictionary<int, List<Frame>> OfProcess(int pid, bool inlines = false, bool sourceLines = false)
    {
        var arguments = new List<string> { "-p", pid.ToString(CultureInfo.InvariantCulture), "-n", "0", "-m" };
        if (inlines)
        {
            arguments.Add("-i");
        }

        if (sourceLines)
        {
            arguments.Add("-s");
        }

        var result = ExternalTool.Run("eu-stack", arguments);
        return Parse(result.StandardOutput);
    }

    /// <summary>Parses eu-stack's output.</summary>
    public static Dictionary<int, List<Frame>> Parse(string output)
    {
        var threads = new Dictionary<int, List<Frame>>();
        List<Frame>? current = null;
        foreach (var line in output.Split('\n'))
        {
            if (ThreadLine().Match(line) is { Success: true } thread)
            {
                current = [];
                threads[int.Parse(thread.Groups[1].Value, CultureInfo.InvariantCulture)] = current;
            }
            else if (current is not null && FrameLine().Match(line) is { Success: true } frame)
            {
                var function = frame.Groups[2].Success ? frame.Groups[2].Value : null;
                var at = function?.IndexOf('@') ?? -1;
                current.Add(new Frame(
                    ulong.Parse(frame.Groups[1].Value, NumberStyles.HexNumber),
                    at > 0 ? function![..at] : function,
                    frame.Groups[3].Success ? frame.Groups[3].Value : null,
                    null, null, null));
            }
            else if (current is { Count: > 0 } && SourceLine().Match(line) is { Success: true } source)
            {
                current[^1] = current[^1] with
                {
                    File = source.Groups[1].Value,
                    Line = int.Parse(source.Groups[2].Value, CultureInfo.InvariantCulture),
                    Column = source.Groups[3].Success ? int.Parse(source.Groups[3].Value, CultureInfo.InvariantCulture) : null,
                };
            }
        }

        return threads;
    }

    [GeneratedRegex(@"^TID (\d+):")]
    private static partial Regex ThreadLine();

    [GeneratedRegex(@"^#\d+\s+0x([0-9a-f]+)(?:\s+-\s+1)?(?:\s+(\S+))?(?:\s+-\s+(\S+))?\s*$")]
    private static partial Regex FrameLine();

    [GeneratedRegex(@"^\s{4}(.+?):(\d+)(?::(\d+))?\s*$")]
    private static partial Regex SourceLine();
}
