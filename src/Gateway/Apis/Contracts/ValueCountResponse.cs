namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>How many of a group's snapshots had an attribute value.</summary>
public sealed record ValueCountResponse(string Value, long Count);
