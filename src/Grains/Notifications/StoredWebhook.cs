namespace Backtrace.Grains.Notifications;

/// <summary>A webhook in the notification grain's state: what is listed, plus the secret that signs its notifications.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Notifications.StoredWebhook")]
public sealed class StoredWebhook
{
    [Id(0)]
    public required WebhookInfo Info { get; init; }

    /// <summary>Kept in clear: signing needs it. Never listed.</summary>
    [Id(1)]
    public string? Secret { get; init; }
}
