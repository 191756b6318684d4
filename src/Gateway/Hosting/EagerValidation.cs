using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Hosting;

/// <summary>
/// Validates options from configuration while the host is being built. Options are also validated at start
/// (<c>ValidateOnStart</c>), but a failure there is logged by the host with a stack trace before anyone can
/// report it plainly; checking first makes bad settings stop the start with just their messages
/// (<see cref="StartupFailure"/>).
/// </summary>
internal static class EagerValidation
{
    /// <summary>The options bound from <paramref name="section"/>, or <see cref="OptionsValidationException"/> with every failure.</summary>
    public static TOptions Bind<TOptions>(IConfiguration configuration, string section, IValidateOptions<TOptions> validator)
        where TOptions : class, new()
    {
        var options = configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        var result = validator.Validate(null, options);
        return result.Failed ? throw new OptionsValidationException(section, typeof(TOptions), result.Failures) : options;
    }
}
