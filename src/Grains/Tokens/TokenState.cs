using Backtrace.Grains.Tokens;

namespace Backtrace.Grains.Tokens;

/// <summary>Persistent state of a <see cref="TokenGrain"/>.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Tokens.TokenState")]
public sealed class TokenState
{
    /// <summary>What the token grants; null when the secret was never issued.</summary>
    [Id(0)]
    public TokenGrant? Grant { get; set; }

    [Id(1)]
    public bool Revoked { get; set; }
}
