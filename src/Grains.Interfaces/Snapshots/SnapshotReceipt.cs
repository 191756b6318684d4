namespace Backtrace.Grains.Snapshots;

/// <summary>What the gateway knows about a submission besides its body.</summary>
// Never changed after it is built: passed without a copy inside a process (one per snapshot).
[GenerateSerializer]
[Immutable]
[Alias("Backtrace.Grains.Snapshots.SnapshotReceipt")]
public sealed record SnapshotReceipt
{
    /// <summary>When the gateway received the submission (server clock, UTC).</summary>
    [Id(0)]
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The wire format the client used: <c>native</c>, <c>backtrace-json</c>, ... (kept as a fact about the snapshot).</summary>
    [Id(1)]
    public required string SourceFormat { get; init; }

    /// <summary>Id of the token that submitted it, for auditing.</summary>
    [Id(2)]
    public string? TokenId { get; init; }
}
