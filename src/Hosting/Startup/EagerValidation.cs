using Backtrace.Grains.FaultGroups;
using Backtrace.Grains.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Backtrace.Hosting.Startup;

/// <summary>
/// Validates options from configuration while the host is being built. Options are also validated at start
/// (<c>ValidateOnStart</c>), but a failure there is logged by the host with a stack trace before anyone can
/// report it plainly; checking first makes bad settings stop the start with just their messages
/// (<see cref="StartupFailure"/>).
/// </summary>
public static class EagerValidation
{
    /// <summary>The options bound from <paramref name="section"/>, or <see cref="OptionsValidationException"/> with every failure.</summary>
    public static TOptions Bind<TOptions>(IConfiguration configuration, string section, IValidateOptions<TOptions> validator)
        where TOptions : class, new()
    {
        var options = configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        var result = validator.Validate(null, options);
        return result.Failed ? throw new OptionsValidationException(section, typeof(TOptions), result.Failures) : options;
    }

    /// <summary>
    /// Validates the settings of the grains (<see cref="BacktraceSiloBuilderExtensions.AddBacktraceGrains"/>) now,
    /// for every process that hosts them: throws <see cref="OptionsValidationException"/> with the failures of all.
    /// </summary>
    public static void GrainSettings(IConfiguration configuration)
    {
        List<string> failures = [];
        foreach (var check in (Action[])[
            () => Bind(configuration, FaultGroupOptions.Section, new FaultGroupOptionsValidator()),
            () => Bind(configuration, NotificationOptions.Section, new NotificationOptionsValidator())])
        {
            try
            {
                check();
            }
            catch (OptionsValidationException e)
            {
                failures.AddRange(e.Failures);
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException("Backtrace", typeof(object), failures);
        }
    }
}
