using Backtrace.Grains.FaultGroups;

namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>The HTTP API's names for fault group states: <c>open</c>, <c>in_progress</c>, <c>resolved</c>, <c>muted</c>.</summary>
public static class GroupStates
{
    /// <summary>Every name, for messages.</summary>
    public const string All = "open, in_progress, resolved or muted";

    public static string Name(FaultGroupStatus status) => status switch
    {
        FaultGroupStatus.Open => "open",
        FaultGroupStatus.InProgress => "in_progress",
        FaultGroupStatus.Resolved => "resolved",
        FaultGroupStatus.Muted => "muted",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static FaultGroupStatus? Parse(string? name) => name switch
    {
        "open" => FaultGroupStatus.Open,
        "in_progress" => FaultGroupStatus.InProgress,
        "resolved" => FaultGroupStatus.Resolved,
        "muted" => FaultGroupStatus.Muted,
        _ => null,
    };
}
