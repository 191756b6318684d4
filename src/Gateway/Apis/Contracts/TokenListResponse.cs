namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>A project's tokens, without secrets.</summary>
public sealed record TokenListResponse(IReadOnlyList<TokenResponse> Tokens);
