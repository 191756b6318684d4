using Backtrace.Hosting;
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
        EmbeddedConfiguration.AddTo(builder.Configuration, args);
        builder.Services.AddOptions<EmbeddedOptions>().BindConfiguration(EmbeddedOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmbeddedOptions>, EmbeddedOptionsValidator>();

        // The listener, the storage and the silo are set up now, before the host exists, from these values.
        var options = EagerValidation.Bind(builder.Configuration, EmbeddedOptions.Section, new EmbeddedOptionsValidator());
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        builder.Services.AddSingleton(new EmbeddedPaths(dataDirectory));
        builder.Services.AddSingleton<DefaultProjectTokens>();

        builder.WebHost.UseUrls(options.Listen);
        builder.Services.AddBacktraceEmbeddedStorage(dataDirectory);
        builder.UseOrleans(silo => silo.UseBacktraceLocalhostClustering(siloPort: options.SiloPort).AddBacktraceGrains());

        // Hosted services start in order: the silo (added above), then the default project, then the banner;
        // HTTP is served only after all of them.
        builder.Services.AddHostedService<DefaultProjectInitializer>();
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }
}
