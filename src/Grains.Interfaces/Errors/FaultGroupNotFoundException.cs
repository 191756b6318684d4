namespace Backtrace.Grains;

/// <summary>No snapshot has been recorded with this fingerprint in this project.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.FaultGroupNotFoundException")]
public sealed class FaultGroupNotFoundException(string project, string fingerprint)
    : BacktraceDomainException($"project '{project}' has no fault group '{fingerprint}'")
{
    [Id(0)]
    public string Project { get; private set; } = project;

    [Id(1)]
    public string Fingerprint { get; private set; } = fingerprint;

    /// <inheritdoc />
    public override DomainErrorKind Kind => DomainErrorKind.NotFound;

    /// <inheritdoc />
    public override string Code => "fault-group-not-found";
}
