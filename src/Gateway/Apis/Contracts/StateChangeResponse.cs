using Backtrace.Grains.FaultGroups;

namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>An entry of a group's state history: a manual change, or a regression that reopened it.</summary>
public sealed record StateChangeResponse(
    string From, string To, DateTimeOffset At, string? ChangedBy, string? Comment, bool Regression, Guid? Snapshot)
{
    public static StateChangeResponse Of(FaultGroupStatusChanged change) => new(
        GroupStates.Name(change.From), GroupStates.Name(change.To), change.At, change.ChangedBy, change.Comment, change.Regression, change.Snapshot);
}
