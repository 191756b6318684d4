using Backtrace.Grains.FaultGroups;
using Backtrace.Grains.Notifications;
using Backtrace.Grains.Snapshots;
using Backtrace.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace Backtrace.Hosting;

/// <summary>Adds the Backtrace grains to a silo.</summary>
public static class BacktraceSiloBuilderExtensions
{
    /// <summary>
    /// Adds the grains' options (bound from <see cref="FaultGroupOptions.Section"/>, then <paramref name="configure"/>,
    /// validated at start) and their services. A storage mode must also be added, e.g.
    /// <see cref="BacktraceEmbeddedStorageExtensions.AddBacktraceEmbeddedStorage"/>; it provides the grain storage
    /// named <see cref="Storage.StorageNames.GrainState"/> and the stores the grains use.
    /// </summary>
    public static ISiloBuilder AddBacktraceGrains(this ISiloBuilder builder, Action<FaultGroupOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<FaultGroupOptions>().BindConfiguration(FaultGroupOptions.Section);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FaultGroupOptions>, FaultGroupOptionsValidator>();
        builder.Services.AddSingleton<FingerprintSettingsCache>();
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, NotificationWakeup>();
        builder.Services.AddBacktraceMetrics();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
