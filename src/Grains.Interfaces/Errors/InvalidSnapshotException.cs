namespace Backtrace.Grains;

/// <summary>A submitted snapshot cannot be ingested: malformed, over a limit, or its uuid does not match
/// the grain it was sent to. <see cref="Path"/> is the JSON path of the offending value.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.InvalidSnapshotException")]
public sealed class InvalidSnapshotException(string path, string reason)
    : BacktraceDomainException($"{path}: {reason}")
{
    /// <summary>JSON path of the offending value (<c>$.threads[0].frames[2].pc</c>); <c>$</c> for the whole document.</summary>
    [Id(0)]
    public string Path { get; private set; } = path;

    /// <summary>What is wrong with it, without the path.</summary>
    [Id(1)]
    public string Reason { get; private set; } = reason;

    /// <inheritdoc />
    public override DomainErrorKind Kind => DomainErrorKind.Invalid;

    /// <inheritdoc />
    public override string Code => "invalid-snapshot";
}
