namespace Backtrace.Unwinding.Modules;

/// <summary>
/// Rewrites a path prefix of the target's files to where they are found here, for cores taken on another machine or
/// in a container: <c>new PathMapping("/", "/srv/sysroots/host7/")</c> or <c>new PathMapping("/app", "/tmp/app")</c>.
/// The prefix matches whole path components only.
/// </summary>
/// <param name="From">Prefix of target paths (absolute).</param>
/// <param name="To">Directory that replaces it on this machine (absolute).</param>
public sealed record PathMapping(string From, string To)
{
    /// <summary>Applies the mapping; false when <paramref name="path"/> does not start with <see cref="From"/>.</summary>
    public bool TryApply(string path, out string mapped)
    {
        var from = From.TrimEnd('/');
        if (path.StartsWith(from, StringComparison.Ordinal) && (path.Length == from.Length || path[from.Length] == '/'))
        {
            mapped = To.TrimEnd('/') + path[from.Length..];
            return true;
        }

        mapped = path;
        return false;
    }
}
