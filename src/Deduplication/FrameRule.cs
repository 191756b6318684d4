using System.Text.RegularExpressions;

namespace Backtrace.Deduplication;

/// <summary>
/// One per-project rule, compiled. Patterns use <see cref="RegexOptions.NonBacktracking"/>: matching takes
/// time linear in the input, so a hostile pattern cannot stall ingest, and never times out, so the same stack
/// always gets the same fingerprint whatever the load. The price is that backreferences, lookarounds and
/// atomic groups are refused when the rule is created.
/// </summary>
public sealed class FrameRule
{
    /// <summary>Longest accepted pattern or replacement.</summary>
    public const int MaxPatternLength = 1000;

    private FrameRule(FrameRuleAction action, Regex pattern, string? replacement)
    {
        Action = action;
        Pattern = pattern;
        Replacement = replacement;
    }

    public FrameRuleAction Action { get; }

    public Regex Pattern { get; }

    /// <summary>The substitution of a <see cref="FrameRuleAction.Rename"/> rule (<c>$1</c> names a group).</summary>
    public string? Replacement { get; }

    /// <summary>Compiles a rule.</summary>
    /// <exception cref="ArgumentException">The pattern is empty, too long or not a supported regular expression,
    /// or a rename has no replacement; the message says which.</exception>
    public static FrameRule Create(FrameRuleAction action, string pattern, string? replacement = null)
    {
        if (!Enum.IsDefined(action))
        {
            throw new ArgumentException($"unknown rule action {(int)action}", nameof(action));
        }

        if (string.IsNullOrEmpty(pattern))
        {
            throw new ArgumentException("the pattern must not be empty", nameof(pattern));
        }

        if (pattern.Length > MaxPatternLength)
        {
            throw new ArgumentException($"the pattern is {pattern.Length} characters; at most {MaxPatternLength} are allowed", nameof(pattern));
        }

        if (action == FrameRuleAction.Rename && replacement is null)
        {
            throw new ArgumentException("a rename rule needs a replacement", nameof(replacement));
        }

        if (replacement is { Length: > MaxPatternLength })
        {
            throw new ArgumentException($"the replacement is {replacement.Length} characters; at most {MaxPatternLength} are allowed", nameof(replacement));
        }

        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException($"the pattern uses a construct that is not allowed (no backreferences, lookarounds or atomic groups): {e.Message}", nameof(pattern), e);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"the pattern is not a valid regular expression: {e.Message}", nameof(pattern), e);
        }

        return new FrameRule(action, regex, action == FrameRuleAction.Rename ? replacement : null);
    }
}
