namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>A recent snapshot of a group, with where to download it.</summary>
public sealed record RecentSnapshotResponse(Guid Uuid, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string Url);
