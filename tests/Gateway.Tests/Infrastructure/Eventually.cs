namespace Backtrace.Gateway.Tests.Infrastructure;

/// <summary>Waits for a condition instead of sleeping: retries an assertion until it passes or the time is up,
/// then fails with the last assertion's message.</summary>
internal static class Eventually
{
    public static Task AssertAsync(Action assertion, TimeSpan? timeout = null) => AssertAsync(() =>
    {
        assertion();
        return Task.FromResult(true);
    }, timeout);

    public static async Task<T> AssertAsync<T>(Func<Task<T>> attempt, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Xunit.Sdk.XunitException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
