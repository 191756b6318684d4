using System.Globalization;
using System.Text.RegularExpressions;
using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Inspection;

/// <summary>
/// Finds threads (by tid or name) and frames (by function, file or module) matching a pattern, in the order the
/// threads pane lists them. The pattern is a case-insensitive regular expression; text that is not a valid
/// expression is searched for literally.
/// </summary>
public static class SnapshotSearch
{
    /// <summary>Longest time one pattern may take against one name, so a pathological pattern cannot hang the viewer.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>All places matching <paramref name="pattern"/>, in display order.</summary>
    public static IReadOnlyList<JumpTarget> Find(IEnumerable<SnapshotThread> threadsInDisplayOrder, string pattern)
    {
        var regex = Compile(pattern);
        var matches = new List<JumpTarget>();
        foreach (var thread in threadsInDisplayOrder)
        {
            if (IsMatch(regex, thread.Tid.ToString(CultureInfo.InvariantCulture)) || IsMatch(regex, thread.Name))
            {
                matches.Add(new JumpTarget(thread.Tid, null));
            }

            for (var index = 0; index < thread.Frames.Count; index++)
            {
                var frame = thread.Frames[index];
                if (IsMatch(regex, frame.Function) || IsMatch(regex, frame.File) || IsMatch(regex, frame.Module))
                {
                    matches.Add(new JumpTarget(thread.Tid, index));
                }
            }
        }

        return matches;
    }

    private static Regex Compile(string pattern)
    {
        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        try
        {
            return new Regex(pattern, options, MatchTimeout);
        }
        catch (ArgumentException)
        {
            return new Regex(Regex.Escape(pattern), options, MatchTimeout);
        }
    }

    private static bool IsMatch(Regex regex, string? text)
    {
        if (text is null)
        {
            return false;
        }

        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
