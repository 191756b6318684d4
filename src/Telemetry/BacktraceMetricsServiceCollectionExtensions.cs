using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backtrace.Telemetry;

/// <summary>Registers <see cref="BacktraceMetrics"/>.</summary>
public static class BacktraceMetricsServiceCollectionExtensions
{
    /// <summary>Adds <see cref="BacktraceMetrics"/> as a singleton (and the meter factory it needs).</summary>
    public static IServiceCollection AddBacktraceMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<BacktraceMetrics>();
        return services;
    }
}
