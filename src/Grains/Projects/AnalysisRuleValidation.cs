using System.Text;
using System.Text.RegularExpressions;
using Backtrace.Analysis.Lua;

namespace Backtrace.Grains.Projects;

/// <summary>Bounds on a project's Lua analysis rules, checked when an administrator sets them.</summary>
internal static partial class AnalysisRuleValidation
{
    public const int MaxRules = 16;
    public const int MaxSourceBytes = 64 * 1024;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    /// <exception cref="InvalidRequestException">Too many rules, a bad or repeated name, an empty or oversized source, or
    /// source that does not compile (the reason carries the Lua compiler's message and line).</exception>
    public static void Validate(IReadOnlyList<AnalysisRule> rules)
    {
        if (rules.Count > MaxRules)
        {
            throw new InvalidRequestException("analysis_rules", $"at most {MaxRules} rules, not {rules.Count}");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] ?? throw new InvalidRequestException($"analysis_rules[{i}]", "a rule must not be null");
            if (rule.Name is null || !NamePattern().IsMatch(rule.Name))
            {
                throw new InvalidRequestException($"analysis_rules[{i}].name", "a rule name is 1-64 characters of a-z, 0-9, '.', '_' and '-'");
            }

            if (!names.Add(rule.Name))
            {
                throw new InvalidRequestException($"analysis_rules[{i}].name", $"the name '{rule.Name}' is used twice");
            }

            if (string.IsNullOrWhiteSpace(rule.Source) || Encoding.UTF8.GetByteCount(rule.Source) > MaxSourceBytes)
            {
                throw new InvalidRequestException($"analysis_rules[{i}].source", $"the source must be non-empty Lua of at most {MaxSourceBytes} bytes");
            }

            // Compiled (never run) now, so a typo is the administrator's error today and not a warning on
            // every snapshot ingested afterwards.
            if (LuaSyntax.Check(LuaModule.FromSource(rule.Name, rule.Source)) is { } syntax)
            {
                throw new InvalidRequestException($"analysis_rules[{i}].source", $"rule '{rule.Name}': {syntax}");
            }
        }
    }
}
