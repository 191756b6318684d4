using System.Diagnostics;

namespace Backtrace.Grains.Tests;

/// <summary>Awaits a condition instead of sleeping a fixed time, and fails with what was awaited.</summary>
internal static class Eventually
{
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                Assert.Fail($"timed out after {limit.TotalSeconds:F0} s waiting for {what}; last value: {value}");
            }

            await Task.Delay(100);
        }
    }
}
