namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>A project's webhooks and its notification outbox: notifications waiting for delivery, and those dropped
/// because the outbox was full.</summary>
public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Webhooks, int Pending, long Dropped);
