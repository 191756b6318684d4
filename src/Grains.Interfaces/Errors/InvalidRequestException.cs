namespace Backtrace.Grains;

/// <summary>A request argument breaks a rule: a bad project name, a dedup rule whose regex does not compile,
/// an unknown state, ... <see cref="Field"/> names the argument so the client knows what to fix.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.InvalidRequestException")]
public sealed class InvalidRequestException(string field, string reason)
    : BacktraceDomainException($"{field}: {reason}")
{
    /// <summary>The offending argument, e.g. <c>project</c> or <c>rules[2].pattern</c>.</summary>
    [Id(0)]
    public string Field { get; private set; } = field;

    /// <summary>What is wrong with it, without the field name.</summary>
    [Id(1)]
    public string Reason { get; private set; } = reason;

    /// <inheritdoc />
    public override DomainErrorKind Kind => DomainErrorKind.Invalid;

    /// <inheritdoc />
    public override string Code => "invalid-request";
}
