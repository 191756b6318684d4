using Microsoft.Extensions.Options;

namespace Backtrace.Grains.FaultGroups;

/// <summary>Checks <see cref="FaultGroupOptions"/> at start, with messages that say how to fix each value.</summary>
public sealed class FaultGroupOptionsValidator : IValidateOptions<FaultGroupOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FaultGroupOptions options)
    {
        var failures = new List<string>();
        if (options.FlushInterval < TimeSpan.Zero || options.FlushInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{FaultGroupOptions.Section}:FlushInterval is {options.FlushInterval}; set it between 00:00:00 and 00:10:00");
        }

        if (options.GapTimeout <= TimeSpan.Zero || options.GapTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{FaultGroupOptions.Section}:GapTimeout is {options.GapTimeout}; set it between 00:00:00.001 and 01:00:00");
        }

        Check(failures, nameof(options.MaxTrackedAttributes), options.MaxTrackedAttributes, 0, 256);
        Check(failures, nameof(options.MaxValuesPerAttribute), options.MaxValuesPerAttribute, 1, 1024);
        Check(failures, nameof(options.MaxValueLength), options.MaxValueLength, 16, 4096);
        Check(failures, nameof(options.HourlyActivityHours), options.HourlyActivityHours, 1, 24 * 31);
        Check(failures, nameof(options.DailyActivityDays), options.DailyActivityDays, 1, 3660);
        Check(failures, nameof(options.RecentSnapshots), options.RecentSnapshots, 1, 1000);
        Check(failures, nameof(options.StatusHistory), options.StatusHistory, 1, 1000);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{FaultGroupOptions.Section}:{key} is {value}; set it between {min} and {max}");
        }
    }
}
