namespace Backtrace.Grains;

/// <summary>
/// A storage service (PostgreSQL, Azure Storage, ...) did not answer, so the operation did not happen. Storage
/// adapters throw it in place of their driver's exceptions, which cannot cross a grain call, so the gateway can
/// answer 503 with Retry-After instead of a 500.
/// </summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.DependencyUnavailableException")]
public sealed class DependencyUnavailableException(string dependency, string reason)
    : BacktraceDomainException($"{dependency} is not reachable right now ({reason}); nothing was stored, try again later")
{
    /// <summary>Which service failed, e.g. <c>PostgreSQL</c>.</summary>
    [Id(0)]
    public string Dependency { get; private set; } = dependency;

    /// <inheritdoc />
    public override DomainErrorKind Kind => DomainErrorKind.Unavailable;

    /// <inheritdoc />
    public override string Code => "dependency-unavailable";
}
