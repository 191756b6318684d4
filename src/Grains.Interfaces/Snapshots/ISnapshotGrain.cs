namespace Backtrace.Grains.Snapshots;

/// <summary>
/// Ingests the snapshots of one project, keyed by the project name. Ingest validates the body, classifies it by
/// signal, applies the project's dedup rules, fingerprints it, stores the body durably, records it in the
/// query index and hands it to its fault group. The same uuid ingested twice is stored and counted once.
/// </summary>
[Alias("Backtrace.Grains.Snapshots.ISnapshotGrain")]
public interface ISnapshotGrain : IGrainWithStringKey
{
    /// <summary>Ingests one snapshot. Completes only after the body and its index row are durable.</summary>
    /// <param name="submission">The snapshot; its body's uuid must be <see cref="SnapshotSubmission.Uuid"/>.</param>
    /// <param name="receipt">What the gateway knows about the submission.</param>
    /// <exception cref="InvalidSnapshotException">The body is not a valid snapshot or its uuid differs from the submission's.</exception>
    /// <exception cref="ProjectNotFoundException">The project does not exist.</exception>
    [Alias("IngestSubmission")]
    Task<SnapshotIngestResult> IngestAsync(SnapshotSubmission submission, SnapshotReceipt receipt);
}
