namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>The most frequent values of one attribute in a group; <c>other_count</c> counts values past the tracked ones.</summary>
public sealed record TopValuesResponse(string Attribute, IReadOnlyList<ValueCountResponse> Values, long OtherCount);
