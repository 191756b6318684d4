using Backtrace.Gateway.Apis;
using Backtrace.Gateway.Auth;
using Backtrace.Gateway.Diagnostics;
using Backtrace.Gateway.Ingest;
using Backtrace.Gateway.Json;
using Backtrace.Gateway.Problems;
using Backtrace.Hosting.Startup;
using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Hosting;

/// <summary>Composition of the HTTP side: options, services, problem responses and the rate limiter.</summary>
public static class GatewayServiceExtensions
{
    /// <summary>Adds the gateway's options (validated at start) and services. Needs an Orleans client or a
    /// co-hosted silo (<see cref="IGrainFactory"/>) and a storage mode's stores.</summary>
    public static IHostApplicationBuilder AddBacktraceGateway(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        EagerValidation.Bind(builder.Configuration, IngestOptions.Section, new IngestOptionsValidator());
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>();
        services.AddOptions<BenchmarkOptions>().BindConfiguration(BenchmarkOptions.Section);
        if (builder.Configuration.GetSection(BenchmarkOptions.Section).Get<BenchmarkOptions>()?.NoopEndpoint == true)
        {
            // Created now, not on the first request, so that it counts from the start.
            services.AddSingleton(new CounterTotals());
        }

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TokenAuthenticator>();
        services.AddSingleton<RequestBodyReader>();
        services.AddSingleton<SnapshotIngestor>();

        services.AddProblemDetails();
        services.AddExceptionHandler<GatewayExceptionHandler>();
        services.AddIngestRateLimiting();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default);
        });
        return builder;
    }

    /// <summary>The request pipeline: problem responses for every failure, then per-token rate limiting.</summary>
    public static WebApplication UseBacktraceGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Maps every endpoint of the HTTP API.</summary>
    public static WebApplication MapBacktraceApis(this WebApplication app)
    {
        app.MapHealthApi();
        app.MapIngestApi();
        app.MapBacktraceSubmissionApi();
        app.MapProjectsApi();
        app.MapGroupsApi();
        app.MapSnapshotsApi();
        app.MapAttachmentsApi();
        app.MapTokensApi();
        app.MapAnalysisRulesApi();
        app.MapBenchmarkApi();
        app.MapWebhooksApi();
        return app;
    }
}
