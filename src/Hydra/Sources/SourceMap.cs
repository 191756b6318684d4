using Backtrace.Hydra.Cli;

namespace Backtrace.Hydra.Sources;

/// <summary>
/// Maps the source paths recorded at build time (<c>/build/dir/src/main.c</c>) to where the sources are on this
/// machine (<c>/home/me/project/src/main.c</c>). The longest matching prefix wins, whole path components only.
/// </summary>
public sealed class SourceMap
{
    private readonly List<(string From, string To)> _rules;

    private SourceMap(List<(string From, string To)> rules) =>
        _rules = [.. rules.OrderByDescending(rule => rule.From.Length)];

    /// <summary>A map with no rules: paths are used as recorded.</summary>
    public static SourceMap Empty { get; } = new([]);

    /// <summary>Parses <c>FROM=TO</c> rules as given to <c>--source-map</c>.</summary>
    /// <exception cref="HydraException">A rule has no <c>=</c> or an empty side.</exception>
    public static SourceMap Parse(IEnumerable<string> rules)
    {
        var parsed = new List<(string, string)>();
        foreach (var rule in rules)
        {
            var equals = rule.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == rule.Length - 1)
            {
                throw new HydraException($"--source-map '{rule}' must be FROM=TO, e.g. /build/dir=/local/dir");
            }

            parsed.Add((TrimSlash(rule[..equals]), TrimSlash(rule[(equals + 1)..])));
        }

        return new SourceMap(parsed);
    }

    /// <summary>Where to look for a recorded source path on this machine.</summary>
    public string Map(string recordedPath)
    {
        foreach (var (from, to) in _rules)
        {
            if (recordedPath == from)
            {
                return to;
            }

            if (recordedPath.StartsWith(from, StringComparison.Ordinal) && (from == "/" || recordedPath[from.Length] == '/'))
            {
                return to + recordedPath[(from == "/" ? 0 : from.Length)..];
            }
        }

        return recordedPath;
    }

    private static string TrimSlash(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
