namespace Backtrace.Grains.Notifications;

/// <summary>Capped exponential backoff with jitter for failed deliveries.</summary>
internal static class RetryBackoff
{
    /// <summary>
    /// The wait after the <paramref name="attempts"/>-th failure: the initial delay doubled per earlier failure, at most
    /// the maximum, spread by ±10% so that many outboxes failing against one receiver do not retry in lockstep.
    /// </summary>
    public static TimeSpan After(int attempts, NotificationOptions options)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var delay = Math.Min(options.RetryInitialDelay.TotalMilliseconds * Math.Pow(2, exponent), options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (0.9 + (Random.Shared.NextDouble() * 0.2)));
    }
}
