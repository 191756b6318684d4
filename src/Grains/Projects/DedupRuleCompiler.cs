using Backtrace.Deduplication;
using Backtrace.Grains.Projects;

namespace Backtrace.Grains.Projects;

/// <summary>Turns a project's dedup rules into the fingerprint algorithm's compiled rules.</summary>
public static class DedupRuleCompiler
{
    /// <summary>Most rules a project may have.</summary>
    public const int MaxRules = 100;

    /// <summary>Compiles the rules, in order.</summary>
    /// <exception cref="InvalidRequestException">A rule is invalid; the field names it (<c>rules[3].pattern</c>).</exception>
    public static IReadOnlyList<FrameRule> Compile(IReadOnlyList<DedupRule> rules)
    {
        if (rules.Count > MaxRules)
        {
            throw new InvalidRequestException("rules", $"a project has at most {MaxRules} dedup rules, not {rules.Count}");
        }

        var compiled = new FrameRule[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] ?? throw new InvalidRequestException($"rules[{i}]", "a rule must not be null");
            var action = rule.Action switch
            {
                DedupRuleAction.SkipFrame => FrameRuleAction.SkipFrame,
                DedupRuleAction.SkipModule => FrameRuleAction.SkipModule,
                DedupRuleAction.StopAfter => FrameRuleAction.StopAfter,
                DedupRuleAction.Rename => FrameRuleAction.Rename,
                _ => throw new InvalidRequestException($"rules[{i}].action", $"unknown action {(int)rule.Action}"),
            };

            try
            {
                compiled[i] = FrameRule.Create(action, rule.Pattern, rule.Replacement);
            }
            catch (ArgumentException e)
            {
                var field = e.ParamName == "replacement" ? "replacement" : "pattern";
                throw new InvalidRequestException($"rules[{i}].{field}", FirstSentence(e.Message));
            }
        }

        return compiled;
    }

    /// <summary>ArgumentException appends " (Parameter 'x')" to messages; the field name already says which.</summary>
    private static string FirstSentence(string message)
    {
        var cut = message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
