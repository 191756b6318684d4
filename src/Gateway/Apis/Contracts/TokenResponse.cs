using Backtrace.Grains.Tokens;

namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>A token as listed: everything but the secret, which only <see cref="IssuedTokenResponse"/> carries, once.</summary>
public sealed record TokenResponse(string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string SecretHint)
{
    public static TokenResponse From(TokenInfo token) =>
        new(token.Id, token.Name, TokenScopeNames.Of(token.Scopes), token.CreatedAt, token.SecretHint);
}
