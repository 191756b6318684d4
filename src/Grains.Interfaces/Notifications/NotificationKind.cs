namespace Backtrace.Grains.Notifications;

/// <summary>What happened to a fault group.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Notifications.NotificationKind")]
public enum NotificationKind
{
    /// <summary>The first snapshot of a new fault group.</summary>
    NewGroup = 1,

    /// <summary>A resolved group received a new snapshot and reopened.</summary>
    Regression = 2,

    /// <summary>Someone changed the group's state (open, in progress, resolved, muted).</summary>
    StatusChanged = 3,
}
