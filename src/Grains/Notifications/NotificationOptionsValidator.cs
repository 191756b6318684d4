using Microsoft.Extensions.Options;

namespace Backtrace.Grains.Notifications;

/// <summary>Checks <see cref="NotificationOptions"/> at start, with messages that say how to fix each value.</summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(options.RetryInitialDelay), options.RetryInitialDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        Check(failures, nameof(options.RetryMaxDelay), options.RetryMaxDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
        Check(failures, nameof(options.RequestTimeout), options.RequestTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        if (options.RetryMaxDelay < options.RetryInitialDelay)
        {
            failures.Add($"{NotificationOptions.Section}:RetryMaxDelay ({options.RetryMaxDelay}) is shorter than RetryInitialDelay ({options.RetryInitialDelay}); raise it");
        }

        if (options.MaxOutboxEntries is < 1 or > 100_000)
        {
            failures.Add($"{NotificationOptions.Section}:MaxOutboxEntries is {options.MaxOutboxEntries}; set it between 1 and 100000");
        }

        if (options.WakeInterval != TimeSpan.Zero && (options.WakeInterval < TimeSpan.FromSeconds(1) || options.WakeInterval > TimeSpan.FromDays(1)))
        {
            failures.Add($"{NotificationOptions.Section}:WakeInterval is {options.WakeInterval}; set it between 00:00:01 and 1.00:00:00, or 00:00:00 to wake only at start");
        }

        if (options.MaxWebhooks is < 1 or > 100)
        {
            failures.Add($"{NotificationOptions.Section}:MaxWebhooks is {options.MaxWebhooks}; set it between 1 and 100");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{NotificationOptions.Section}:{key} is {value}; set it between {min:c} and {max:c}");
        }
    }
}
