namespace Backtrace.Grains.Notifications;

/// <summary>One notification waiting for one webhook to acknowledge it.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Notifications.OutboxEntry")]
public sealed class OutboxEntry
{
    [Id(0)]
    public required NotificationEvent Event { get; init; }

    [Id(1)]
    public required string WebhookId { get; init; }

    /// <summary>Failed attempts so far.</summary>
    [Id(2)]
    public int Attempts { get; set; }

    [Id(3)]
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>True for the entry of <paramref name="eventId"/> to <paramref name="webhookId"/>.</summary>
    public bool Is(string eventId, string webhookId) => Event.Id == eventId && WebhookId == webhookId;
}
