using Microsoft.Extensions.Options;

namespace Backtrace.Hosting.Startup;

/// <summary>
/// Settings that fail validation stop the process with <c>error: ...</c> lines that say what to fix and exit
/// code 2, instead of an unhandled exception and its stack trace.
/// </summary>
public static class StartupFailure
{
    /// <summary>Exit code for settings that fail validation.</summary>
    public const int InvalidSettings = 2;

    /// <summary>Runs <paramref name="run"/>; reports invalid settings and returns <see cref="InvalidSettings"/>.</summary>
    public static async Task<int> ReportInvalidSettingsAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (Exception e) when (Failures(e) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                await Console.Error.WriteLineAsync($"error: {failure}");
            }

            return InvalidSettings;
        }
    }

    private static List<string> Failures(Exception e) => e switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(Failures)],
        _ => [],
    };
}
