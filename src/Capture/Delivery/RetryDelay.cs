namespace Backtrace.Capture.Delivery;

/// <summary>Exponential backoff with full jitter: attempt n waits a random time in [d/2, d], d = initial × 2^(n-1), capped.</summary>
public static class RetryDelay
{
    public static TimeSpan For(int failedAttempts, TimeSpan initial, TimeSpan maximum)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ceiling = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), maximum.TotalMilliseconds);
        // Half fixed, half random: spreads agents that failed together without ever retrying immediately.
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
