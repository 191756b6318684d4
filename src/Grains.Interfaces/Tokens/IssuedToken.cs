namespace Backtrace.Grains.Tokens;

/// <summary>A token just issued: its description and, this once, its secret.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Tokens.IssuedToken")]
public sealed record IssuedToken
{
    [Id(0)]
    public required TokenInfo Token { get; init; }

    /// <summary>The secret. Not stored anywhere in clear: show it to the user now.</summary>
    [Id(1)]
    public required string Secret { get; init; }
}
