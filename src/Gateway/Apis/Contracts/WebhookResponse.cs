using Backtrace.Grains.Notifications;

namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>A webhook as listed: never its secret, only whether it has one.</summary>
public sealed record WebhookResponse(string Id, string Url, bool Signed, DateTimeOffset CreatedAt)
{
    public static WebhookResponse From(WebhookInfo webhook) => new(webhook.Id, webhook.Url, webhook.Signed, webhook.CreatedAt);
}
