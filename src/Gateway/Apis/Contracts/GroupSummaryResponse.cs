using Backtrace.Storage.Index;

namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>A fault group as listed.</summary>
public sealed record GroupSummaryResponse(
    string Fingerprint,
    int FingerprintVersion,
    long Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string State,
    DateTimeOffset? StateChangedAt,
    IReadOnlyList<string> Callstack,
    IReadOnlyList<string> Classifiers,
    Guid LastSnapshot,
    string Url)
{
    public static GroupSummaryResponse From(FaultGroupRow row) => new(
        row.Fingerprint, row.FingerprintVersion, row.Count, row.FirstSeen, row.LastSeen, GroupStates.Name(row.Status), row.StatusChangedAt,
        row.Callstack, row.Classifiers, row.LastSnapshot, ApiPaths.Group(row.Project, row.Fingerprint));
}
