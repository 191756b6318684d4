namespace Backtrace.Grains;

/// <summary>
/// The token is unknown or revoked. Deliberately says nothing more: whether a secret ever existed, or
/// which project it belonged to, is not the caller's business.
/// </summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.InvalidTokenException")]
public sealed class InvalidTokenException()
    : BacktraceDomainException("the token is not valid")
{
    /// <inheritdoc />
    public override DomainErrorKind Kind => DomainErrorKind.Unauthorized;

    /// <inheritdoc />
    public override string Code => "invalid-token";
}
