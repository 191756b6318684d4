using Backtrace.Grains.Snapshots;

namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>The answer to a native submission, sent once the snapshot is durable.</summary>
public sealed record IngestResponse(
    Guid Uuid,
    string Fingerprint,
    int FingerprintVersion,
    bool Duplicate,
    bool NewGroup,
    bool Regressed,
    IReadOnlyList<string> Classifiers,
    long GroupCount,
    string SnapshotUrl,
    string GroupUrl)
{
    public static IngestResponse From(SnapshotIngestResult result) => new(
        result.Uuid,
        result.Fingerprint,
        result.FingerprintVersion,
        result.Duplicate,
        result.NewGroup,
        result.Regressed,
        result.Classifiers,
        result.GroupCount,
        ApiPaths.Snapshot(result.Project, result.Uuid),
        ApiPaths.Group(result.Project, result.Fingerprint));
}
