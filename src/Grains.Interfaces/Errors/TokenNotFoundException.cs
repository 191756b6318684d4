namespace Backtrace.Grains;

/// <summary>The project has no token with this id.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.TokenNotFoundException")]
public sealed class TokenNotFoundException(string project, string tokenId)
    : BacktraceDomainException($"project '{project}' has no token '{tokenId}'")
{
    [Id(0)]
    public string Project { get; private set; } = project;

    [Id(1)]
    public string TokenId { get; private set; } = tokenId;

    /// <inheritdoc />
    public override DomainErrorKind Kind => DomainErrorKind.NotFound;

    /// <inheritdoc />
    public override string Code => "token-not-found";
}
