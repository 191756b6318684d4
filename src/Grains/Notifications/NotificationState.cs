namespace Backtrace.Grains.Notifications;

/// <summary>Persistent state of a <see cref="NotificationGrain"/>.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Notifications.NotificationState")]
public sealed class NotificationState
{
    [Id(0)]
    public List<StoredWebhook> Webhooks { get; set; } = [];

    /// <summary>Oldest first.</summary>
    [Id(1)]
    public List<OutboxEntry> Outbox { get; set; } = [];

    /// <summary>Ids of the most recent events queued (bounded, oldest first), so an event raised again is not sent twice.</summary>
    [Id(2)]
    public List<string> RecentEvents { get; set; } = [];

    /// <summary>Notifications dropped because the outbox was full.</summary>
    [Id(3)]
    public long Dropped { get; set; }
}
