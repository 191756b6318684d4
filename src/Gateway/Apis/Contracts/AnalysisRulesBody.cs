namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>A project's Lua analysis rules, in the order they run: the body of <c>PUT .../analysis-rules</c> and its answer.</summary>
public sealed record AnalysisRulesBody(IReadOnlyList<AnalysisRuleBody>? Rules);
