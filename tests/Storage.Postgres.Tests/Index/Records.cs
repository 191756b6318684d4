using Backtrace.Snapshots.Model;
using Backtrace.Storage.Index;

namespace Backtrace.Storage.Postgres.Tests.Index;

/// <summary>Index rows for tests: a fingerprint is 64 hex characters derived from a short name.</summary>
internal static class Records
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static string Fingerprint(string name) => Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    public static SnapshotRecord Snapshot(string project, string group, DateTimeOffset occurredAt, Guid? uuid = null) => new()
    {
        Project = project,
        Uuid = uuid ?? Guid.NewGuid(),
        Fingerprint = Fingerprint(group),
        FingerprintVersion = 1,
        OccurredAt = occurredAt,
        ReceivedAt = occurredAt.AddSeconds(1),
        SourceFormat = "native",
        Application = "crasher",
        ApplicationVersion = "1.2.3",
        Hostname = "host-1",
        Classifiers = ["SIGSEGV", "null-deref"],
        Attributes = new Dictionary<string, AttributeValue>
        {
            ["build"] = "release",
            ["uptime"] = 12.5,
            ["debug"] = false,
        },
        Callstack = [$"{group}_inner", $"{group}_outer"],
        BodySize = 30_000,
    };
}
