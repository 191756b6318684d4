using Backtrace.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Backtrace.ServiceDefaults;

/// <summary>
/// Telemetry and health, configured once and shared by every host (silo, gateway, embedded server).
/// Export is configured by the standard OpenTelemetry environment variables: with
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, traces, metrics and logs go there over OTLP
/// (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_RESOURCE_ATTRIBUTES</c> and the per-signal variants apply); without it nothing is exported.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Adds OpenTelemetry tracing, metrics and logging with the platform's sources (<see cref="TelemetrySources"/>),
    /// <see cref="BacktraceMetrics"/>, and health checks with a liveness check. Orleans spans also need
    /// <c>AddActivityPropagation()</c> on the silo and the client builder, which their compositions add.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="serviceName">The service name reported unless <c>OTEL_SERVICE_NAME</c> says otherwise.</param>
    public static TBuilder AddBacktraceServiceDefaults<TBuilder>(this TBuilder builder, string serviceName)
        where TBuilder : IHostApplicationBuilder
    {
        // The Azure SDK only emits spans through ActivitySource when this switch is on.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        builder.Services.AddBacktraceMetrics();
        // Orleans places grains through a Polly pipeline that logs two Information lines per placement: on
        // the ingest path that is a log line per snapshot.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrEmpty(builder.Configuration["OTEL_SERVICE_NAME"])) resource.AddService(serviceName);
            })
            .WithTracing(tracing => tracing
                .AddSource([.. TelemetrySources.ActivitySources])
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHealthRequest(context))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter([.. TelemetrySources.Meters])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthEndpoints.LiveTag]);
        return builder;
    }

    /// <summary>
    /// Serves <see cref="HealthEndpoints.LivePath"/> (checks tagged <see cref="HealthEndpoints.LiveTag"/>) and
    /// <see cref="HealthEndpoints.ReadyPath"/> (every check), each answering 200 or 503 with a plain status word.
    /// </summary>
    public static IEndpointRouteBuilder MapBacktraceHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(HealthEndpoints.LivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthEndpoints.LiveTag),
        });
        endpoints.MapHealthChecks(HealthEndpoints.ReadyPath);
        return endpoints;
    }

    private static bool IsHealthRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
