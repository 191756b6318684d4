namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>The body of <c>POST /api/v1/projects</c>: <c>{"name":"web","display_name":"Web shop"}</c>.</summary>
public sealed record ProjectRequestBody(string? Name, string? DisplayName);
