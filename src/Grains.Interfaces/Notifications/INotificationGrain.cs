namespace Backtrace.Grains.Notifications;

/// <summary>
/// A project's notifications, keyed by the project name: its webhook integrations and the durable outbox of
/// notifications not yet acknowledged by their receivers. Fault groups raise events here; the grain fans each
/// one out to every webhook and delivers in the background, retrying with capped exponential backoff.
/// </summary>
[Alias("Backtrace.Grains.Notifications.INotificationGrain")]
public interface INotificationGrain : IGrainWithStringKey
{
    /// <summary>Adds a webhook. Events raised from now on are delivered to it.</summary>
    /// <exception cref="InvalidRequestException">Bad URL or secret, or the project has as many webhooks as allowed.</exception>
    [Alias("AddWebhook")]
    Task<WebhookInfo> AddWebhookAsync(WebhookRequest request);

    /// <summary>Removes a webhook and drops its pending notifications.</summary>
    /// <exception cref="WebhookNotFoundException">No webhook with this id.</exception>
    [Alias("RemoveWebhook")]
    Task RemoveWebhookAsync(string webhookId);

    /// <summary>The webhooks (without their secrets) and the outbox's state.</summary>
    [Alias("GetWebhooks")]
    [ReadOnly]
    Task<WebhookList> GetWebhooksAsync();

    /// <summary>
    /// Queues <paramref name="notification"/> for every webhook and returns once the outbox is durable. Idempotent
    /// by <see cref="NotificationEvent.Id"/>: an event raised again (a fault group replaying after a restart) is not
    /// queued twice. A no-op for a project without webhooks.
    /// </summary>
    [Alias("Enqueue")]
    Task EnqueueAsync(NotificationEvent notification);

    /// <summary>Activates the grain so that it resumes delivering its outbox (called for every project when a silo starts).</summary>
    [Alias("Wake")]
    Task WakeAsync();
}
