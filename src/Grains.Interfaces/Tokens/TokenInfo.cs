namespace Backtrace.Grains.Tokens;

/// <summary>A token as listed by its project: everything but the secret.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Tokens.TokenInfo")]
public sealed record TokenInfo
{
    /// <summary>Id within the project, used to revoke it.</summary>
    [Id(0)]
    public required string Id { get; init; }

    [Id(1)]
    public required string Name { get; init; }

    [Id(2)]
    public required TokenScopes Scopes { get; init; }

    [Id(3)]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The first four characters of the secret, to tell tokens apart in a list.</summary>
    [Id(4)]
    public required string SecretHint { get; init; }
}
