namespace Backtrace.LocalServices;

/// <summary>Awaits a condition instead of sleeping: tests stay fast on a quiet machine and pass on a loaded one.</summary>
public static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">The condition did not hold in time; the message names what was awaited.</exception>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition()) return;
                last = null;
            }
            catch (Exception exception)
            {
                // The system may be between states (a silo joining, a dependency restarting): keep polling.
                last = exception;
            }
            await Task.Delay(Poll);
        }
        throw new TimeoutException($"Waited {timeout} for {what}." + (last is null ? "" : $" Last error: {last.Message}"), last);
    }
}
