namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>The answer of <c>GET /healthz</c>.</summary>
public sealed record HealthResponse(string Status);
