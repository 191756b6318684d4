namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>A page of a project's fault groups and how many match in all.</summary>
public sealed record GroupListResponse(long Total, int Offset, int Limit, IReadOnlyList<GroupSummaryResponse> Groups);
