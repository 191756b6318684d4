using System.Diagnostics;
using Backtrace.Cluster;
using Backtrace.Gateway.Hosting;
using Backtrace.Hosting;
using Backtrace.LocalServices;
using Backtrace.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Backtrace.ServiceDefaults.Tests;

/// <summary>
/// A cluster-mode silo and gateway in this process, composed as src/Silo and src/Gateway compose them, with
/// the gateway's telemetry also exported to memory. Activity and meter listeners see the whole process, so
/// the gateway's providers collect the silo's spans and measurements as well.
/// </summary>
internal sealed class ObservedCluster : IAsyncDisposable
{
    public const string Token = "telemetry-test-token-0123456789";

    private readonly IHost _silo;
    private readonly WebApplication _gateway;

    private ObservedCluster(IHost silo, WebApplication gateway, Uri address, List<Activity> spans, List<Metric> metrics)
    {
        Spans = spans;
        Metrics = metrics;
        _silo = silo;
        _gateway = gateway;
        Http = new HttpClient { BaseAddress = address };
        Http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
    }

    /// <summary>Finished spans, as the in-memory exporter received them.</summary>
    public List<Activity> Spans { get; }

    /// <summary>Metrics as of the last <see cref="FlushMetrics"/>.</summary>
    public List<Metric> Metrics { get; }

    public HttpClient Http { get; }

    /// <summary>Collects every instrument now (the in-memory exporter replaces what it held).</summary>
    public void FlushMetrics()
    {
        Metrics.Clear();
        _gateway.Services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    /// <summary>Exports the spans that have finished.</summary>
    public void FlushSpans() => _gateway.Services.GetRequiredService<TracerProvider>().ForceFlush();

    public static async Task<ObservedCluster> StartAsync(string postgres, string azureStorage, string dataDirectory)
    {
        var ports = FreePorts.Take(2);
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>
        {
            ["Backtrace:Mode"] = "Cluster",
            ["ConnectionStrings:Postgres"] = postgres,
            ["ConnectionStrings:AzureStorage"] = azureStorage,
            ["Backtrace:Cluster:ClusterId"] = $"otel-{suffix}",
            ["Backtrace:Cluster:GrainStateContainer"] = $"state-{suffix}",
            ["Backtrace:Cluster:SnapshotContainer"] = $"bodies-{suffix}",
            ["Backtrace:Cluster:AdvertisedAddress"] = "127.0.0.1",
            ["Backtrace:Cluster:SiloPort"] = ports[0].ToString(),
            ["Backtrace:Cluster:GatewayPort"] = ports[1].ToString(),
            ["Backtrace:Embedded:Listen"] = "http://127.0.0.1:0",
            ["Backtrace:Embedded:DataDirectory"] = dataDirectory,
            ["Backtrace:Embedded:Token"] = Token,
            ["Logging:LogLevel:Default"] = "Warning",
        };

        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Configuration.AddInMemoryCollection(settings);
        siloBuilder.AddBacktraceServiceDefaults("backtrace-silo");
        siloBuilder.UseOrleans(orleans => orleans.AddBacktraceClusterMode(siloBuilder.Configuration).AddBacktraceGrains());
        var silo = siloBuilder.Build();
        await silo.StartAsync();

        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBacktraceServiceDefaults("backtrace-gateway");
        builder.AddBacktraceClusterGateway([]);
        builder.AddBacktraceGateway();
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(spans))
            .WithMetrics(meters => meters.AddInMemoryExporter(metrics));
        var gateway = builder.Build();
        gateway.UseBacktraceGateway();
        gateway.MapBacktraceApis();
        gateway.MapBacktraceHealthEndpoints();
        await gateway.StartAsync();

        var address = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ObservedCluster(silo, gateway, new Uri(address), spans, metrics);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _gateway.StopAsync();
        await _gateway.DisposeAsync();
        await _silo.StopAsync();
        _silo.Dispose();
    }
}
