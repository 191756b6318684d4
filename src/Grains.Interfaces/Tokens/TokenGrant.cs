namespace Backtrace.Grains.Tokens;

/// <summary>What a valid token secret grants: one project, some scopes.</summary>
// Never changed after it is built: passed without a copy inside a process (one per request).
[GenerateSerializer]
[Immutable]
[Alias("Backtrace.Grains.Tokens.TokenGrant")]
public sealed record TokenGrant
{
    /// <summary>The only project the token reaches.</summary>
    [Id(0)]
    public required string Project { get; init; }

    /// <summary>The token's id within its project (not the secret).</summary>
    [Id(1)]
    public required string TokenId { get; init; }

    [Id(2)]
    public required TokenScopes Scopes { get; init; }

    /// <summary>True when the grant includes every scope in <paramref name="required"/>.</summary>
    public bool Allows(TokenScopes required) => (Scopes & required) == required;
}
