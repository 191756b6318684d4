namespace Backtrace.Grains;

/// <summary>A preset token secret is already issued with a different project, identity or scopes.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.TokenConflictException")]
public sealed class TokenConflictException(string reason)
    : BacktraceDomainException(reason)
{
    /// <inheritdoc />
    public override DomainErrorKind Kind => DomainErrorKind.Conflict;

    /// <inheritdoc />
    public override string Code => "token-conflict";
}
