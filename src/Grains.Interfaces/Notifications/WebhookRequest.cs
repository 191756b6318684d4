namespace Backtrace.Grains.Notifications;

/// <summary>A webhook to add: where to post notifications and, optionally, the secret that signs them.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Notifications.WebhookRequest")]
public sealed record WebhookRequest
{
    /// <summary>Absolute <c>http</c> or <c>https</c> URL.</summary>
    [Id(0)]
    public required string Url { get; init; }

    /// <summary>When set, each notification carries an HMAC-SHA256 signature made with it.</summary>
    [Id(1)]
    public string? Secret { get; init; }
}
