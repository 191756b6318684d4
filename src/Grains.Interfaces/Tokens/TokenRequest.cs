namespace Backtrace.Grains.Tokens;

/// <summary>Asks a project for a new token.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Tokens.TokenRequest")]
public sealed record TokenRequest
{
    /// <summary>Human label, e.g. <c>default submit token</c>. 1-100 characters.</summary>
    [Id(0)]
    public required string Name { get; init; }

    [Id(1)]
    public required TokenScopes Scopes { get; init; }

    /// <summary>
    /// A preset secret (see <see cref="TokenSecret.IsWellFormed"/>), for scripts and tests that start the
    /// server with a known token. Issuing the same preset with the same name and scopes again returns the
    /// existing token; null generates a random secret.
    /// </summary>
    [Id(2)]
    public string? Secret { get; init; }
}
