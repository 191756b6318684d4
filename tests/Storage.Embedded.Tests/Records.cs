using Backtrace.Snapshots.Model;
using Backtrace.Storage.Index;

namespace Backtrace.Storage.Embedded.Tests;

internal static class Records
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static SnapshotRecord Snapshot(string fingerprint, DateTimeOffset? occurredAt = null, string project = "demo", Guid? uuid = null) => new()
    {
        Project = project,
        Uuid = uuid ?? Guid.NewGuid(),
        Fingerprint = fingerprint,
        FingerprintVersion = 1,
        OccurredAt = occurredAt ?? Noon,
        ReceivedAt = (occurredAt ?? Noon).AddSeconds(1),
        SourceFormat = "native",
        Application = "demo",
        ApplicationVersion = "1.0",
        Hostname = "box",
        Classifiers = ["segv"],
        Attributes = new Dictionary<string, AttributeValue> { ["version"] = "1.0", ["build"] = 17.0, ["canary"] = true },
        Callstack = ["crash", "main"],
        BodySize = 123,
    };
}
