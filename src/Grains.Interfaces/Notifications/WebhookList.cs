namespace Backtrace.Grains.Notifications;

/// <summary>A project's webhooks and its outbox.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Notifications.WebhookList")]
public sealed record WebhookList
{
    [Id(0)]
    public required IReadOnlyList<WebhookInfo> Webhooks { get; init; }

    /// <summary>Notifications waiting for delivery.</summary>
    [Id(1)]
    public required int Pending { get; init; }

    /// <summary>Notifications dropped unsent because the outbox was full, since the project began.</summary>
    [Id(2)]
    public required long Dropped { get; init; }
}
