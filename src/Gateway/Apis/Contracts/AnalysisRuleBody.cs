namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>One project Lua rule, as sent and answered: <c>{"name":"team-routing","source":"bt.classify(\"x\")"}</c>.</summary>
public sealed record AnalysisRuleBody(string? Name, string? Source);
