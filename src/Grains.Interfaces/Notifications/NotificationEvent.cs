using Backtrace.Grains.FaultGroups;

namespace Backtrace.Grains.Notifications;

/// <summary>An event of a fault group, as its notification carries it: the group as it was when the event happened.</summary>
[GenerateSerializer]
[Immutable]
[Alias("Backtrace.Grains.Notifications.NotificationEvent")]
public sealed record NotificationEvent
{
    /// <summary>Stable for one event (<c>fingerprint:new</c>, <c>fingerprint:regression:3</c>, ...), so an event raised twice is delivered once.
    /// Receivers see it as the delivery id and can use it to ignore a redelivery.</summary>
    [Id(0)]
    public required string Id { get; init; }

    [Id(1)]
    public required NotificationKind Kind { get; init; }

    [Id(2)]
    public required string Project { get; init; }

    [Id(3)]
    public required string Fingerprint { get; init; }

    /// <summary>When the event happened; notification latency is measured from here.</summary>
    [Id(4)]
    public required DateTimeOffset OccurredAt { get; init; }

    [Id(5)]
    public required DateTimeOffset FirstSeen { get; init; }

    [Id(6)]
    public required DateTimeOffset LastSeen { get; init; }

    [Id(7)]
    public required long Count { get; init; }

    [Id(8)]
    public required FaultGroupStatus Status { get; init; }

    /// <summary>The innermost frame of the group's callstack; null when it has none.</summary>
    [Id(9)]
    public string? TopFrame { get; init; }

    /// <summary>The snapshot that caused the event (the new group's first one, or the one that reopened it).</summary>
    [Id(10)]
    public Guid? Snapshot { get; init; }

    /// <summary>For a state change, the state before.</summary>
    [Id(11)]
    public FaultGroupStatus? PreviousStatus { get; init; }
}
