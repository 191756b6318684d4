namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>Snapshots of a group in the hour or day starting at <c>start</c> (UTC).</summary>
public sealed record ActivityResponse(DateTimeOffset Start, long Count);
