namespace Backtrace.Grains.Notifications;

/// <summary>
/// How notifications are delivered. Bound from the configuration section <see cref="Section"/> and validated at start.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>Configuration section: <c>Backtrace:Notifications</c>.</summary>
    public const string Section = "Backtrace:Notifications";

    /// <summary>Wait before the first retry of a failed delivery (default 5 s); each further failure doubles it.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between two attempts (default 10 min): a receiver down for hours is still tried this often.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one delivery may take, connection to response headers (default 10 s); longer counts as a failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Notifications a project's outbox holds (default 1000). When it is full the oldest is dropped, with a warning.</summary>
    public int MaxOutboxEntries { get; set; } = 1000;

    /// <summary>Webhooks a project may have (default 10).</summary>
    public int MaxWebhooks { get; set; } = 10;

    /// <summary>
    /// How often each silo wakes the notification grains of every project (default 5 min; zero: only when the silo starts).
    /// An outbox keeps its grain active while it holds anything, but a silo that dies takes the activation with it; the
    /// next wake (or the project's next event) brings the outbox back on another silo.
    /// </summary>
    public TimeSpan WakeInterval { get; set; } = TimeSpan.FromMinutes(5);
}
