using Backtrace.Grains.Notifications;

namespace Backtrace.Grains.Tests;

public sealed class NotificationOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new NotificationOptionsValidator().Validate(null, new NotificationOptions()).Succeeded);
    }

    [Fact]
    public void BadValues_AreNamed_WithHowToFixThem()
    {
        var result = new NotificationOptionsValidator().Validate(null, new NotificationOptions
        {
            RetryInitialDelay = TimeSpan.FromMinutes(30),
            RetryMaxDelay = TimeSpan.FromMinutes(1),
            RequestTimeout = TimeSpan.Zero,
            MaxOutboxEntries = 0,
            MaxWebhooks = 1000,
            WakeInterval = TimeSpan.FromMilliseconds(10),
        });

        Assert.Equal(
            [
                "Backtrace:Notifications:RequestTimeout is 00:00:00; set it between 00:00:00.1000000 and 00:05:00",
                "Backtrace:Notifications:RetryMaxDelay (00:01:00) is shorter than RetryInitialDelay (00:30:00); raise it",
                "Backtrace:Notifications:MaxOutboxEntries is 0; set it between 1 and 100000",
                "Backtrace:Notifications:WakeInterval is 00:00:00.0100000; set it between 00:00:01 and 1.00:00:00, or 00:00:00 to wake only at start",
                "Backtrace:Notifications:MaxWebhooks is 1000; set it between 1 and 100",
            ],
            result.Failures);
    }
}
