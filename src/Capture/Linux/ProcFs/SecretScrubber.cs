namespace Backtrace.Capture.Linux.ProcFs;

/// <summary>
/// Decides which environment variables hold secrets. Patterns are case-insensitive globs where
/// <c>*</c> matches any run of characters (<c>*TOKEN*</c>, <c>AWS_*</c>). Scrubbed values are replaced
/// by <see cref="Replacement"/>, so readers still see that the variable was set.
/// </summary>
public sealed class SecretScrubber
{
    /// <summary>What a scrubbed value reads as.</summary>
    public const string Replacement = "[scrubbed]";

    /// <summary>Patterns used when the configuration names none.</summary>
    public static readonly IReadOnlyList<string> DefaultPatterns =
    [
        "*TOKEN*", "*SECRET*", "*PASSWORD*", "*PASSWD*", "*KEY*", "*CREDENTIAL*", "*AUTH*", "*COOKIE*",
        "*SESSION*", "*PRIVATE*", "*CONNECTION_STRING*", "*DSN*",
    ];

    private readonly string[] _patterns;

    public SecretScrubber(IEnumerable<string> patterns)
    {
        _patterns = patterns.Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();
    }

    public static SecretScrubber Default { get; } = new(DefaultPatterns);

    /// <summary>The value to store for <paramref name="name"/>.</summary>
    public string Scrub(string name, string value) => IsSecret(name) ? Replacement : value;

    public bool IsSecret(string name)
    {
        foreach (var pattern in _patterns)
        {
            if (Glob(pattern, name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // Classic greedy wildcard match with backtracking to the last '*': linear in practice.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
