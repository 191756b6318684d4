namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>The body of <c>POST .../tokens</c>: <c>{"name":"ci","scopes":["submit"]}</c>.</summary>
public sealed record TokenRequestBody(string? Name, IReadOnlyList<string>? Scopes);
