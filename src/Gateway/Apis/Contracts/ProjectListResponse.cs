namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>The projects the token reaches (a token belongs to one project).</summary>
public sealed record ProjectListResponse(IReadOnlyList<ProjectResponse> Projects);
