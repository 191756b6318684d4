using Backtrace.Hosting;
using Backtrace.Hosting.Startup;
using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Hosting;

/// <summary>
/// Composition of the embedded mode: one process hosts a silo (localhost clustering, on 127.0.0.1), the
/// embedded storage in the data directory, and the gateway, which calls the silo in-process.
/// </summary>
public static class EmbeddedHostExtensions
{
    public static WebApplicationBuilder AddBacktraceEmbeddedHost(this WebApplicationBuilder builder, string[] args)
    {
        var options = builder.AddBacktraceStartup(args);
        EagerValidation.GrainSettings(builder.Configuration);
        builder.Services.AddBacktraceEmbeddedStorage(options.DataDirectory);
        builder.UseOrleans(silo => silo
            .UseBacktraceLocalhostClustering(siloPort: options.SiloPort)
            .AddBacktraceGrains()
            .AddActivityPropagation());
        builder.AddBacktraceStartupServices();
        return builder;
    }

    /// <summary>
    /// What every gateway process sets up before it can serve, whether it co-hosts a silo or is a client of a
    /// cluster: the <see cref="EmbeddedOptions"/> switches and variables (listen address, data directory, default
    /// project and tokens), validated now, and the listen address.
    /// </summary>
    /// <returns>The options, with <see cref="EmbeddedOptions.DataDirectory"/> made absolute and created.</returns>
    internal static EmbeddedOptions AddBacktraceStartup(this WebApplicationBuilder builder, string[] args)
    {
        EmbeddedConfiguration.AddTo(builder.Configuration, args);
        builder.Services.AddOptions<EmbeddedOptions>().BindConfiguration(EmbeddedOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmbeddedOptions>, EmbeddedOptionsValidator>();

        // The listener, the storage and the silo are set up now, before the host exists, from these values.
        var options = EagerValidation.Bind(builder.Configuration, EmbeddedOptions.Section, new EmbeddedOptionsValidator());
        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(options.DataDirectory);
        builder.Services.AddSingleton(new EmbeddedPaths(options.DataDirectory));
        builder.Services.AddSingleton<DefaultProjectTokens>();
        builder.WebHost.UseUrls(options.Listen);
        return options;
    }

    /// <summary>
    /// The default project and the start-up banner. Hosted services start in order: call this after the silo or
    /// cluster client is added, so the project is created once grains can be reached; HTTP is served only after
    /// all of them.
    /// </summary>
    internal static void AddBacktraceStartupServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<DefaultProjectInitializer>();
        builder.Services.AddHostedService<StartupBanner>();
    }
}
