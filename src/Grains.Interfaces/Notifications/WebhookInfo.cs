namespace Backtrace.Grains.Notifications;

/// <summary>A webhook as listed: everything but its secret.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Notifications.WebhookInfo")]
public sealed record WebhookInfo
{
    /// <summary>Id within the project, used to remove it.</summary>
    [Id(0)]
    public required string Id { get; init; }

    [Id(1)]
    public required string Url { get; init; }

    [Id(2)]
    public required bool Signed { get; init; }

    [Id(3)]
    public required DateTimeOffset CreatedAt { get; init; }
}
