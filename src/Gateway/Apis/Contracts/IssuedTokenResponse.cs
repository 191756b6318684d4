namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>A token just issued, with its secret: the only time the server shows it.</summary>
public sealed record IssuedTokenResponse(TokenResponse Token, string Secret);
