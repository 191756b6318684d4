using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Backtrace.LocalServices;
using OpenTelemetry.Metrics;

namespace Backtrace.ServiceDefaults.Tests;

public sealed class TelemetryTests(PostgresFixture postgres, AzuriteFixture azurite)
    : IClassFixture<PostgresFixture>, IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("backtrace-otel-").FullName;

    [Fact]
    public async Task AnIngestRequest_IsOneTraceFromHttpThroughGrainsToStorage_AndIsCounted()
    {
        await using var cluster = await ObservedCluster.StartAsync(
            await postgres.Server.CreateDatabaseAsync(), azurite.Server.ConnectionString, _dataDirectory);
        var body = await File.ReadAllBytesAsync(RepositoryPaths.Combine("examples", "null-dereference.json"));

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(cluster, body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(cluster, body)).StatusCode);

        cluster.FlushSpans();
        var request = cluster.Spans.First(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("/snapshots", StringComparison.Ordinal));
        var trace = cluster.Spans.Where(s => s.TraceId == request.TraceId).ToList();
        string Describe() => string.Join("\n", trace.Select(s => $"{s.Source.Name}: {s.DisplayName}"));
        Assert.True(trace.Any(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("SnapshotGrain", StringComparison.Ordinal)),
            "no grain call span in the request's trace:\n" + Describe());
        Assert.True(trace.Any(s => s.Source.Name == "Npgsql"), "no PostgreSQL span in the request's trace:\n" + Describe());
        Assert.True(trace.Any(s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal)), "no Azure Storage span in the request's trace:\n" + Describe());

        cluster.FlushMetrics();
        Assert.Equal(1, Sum(cluster, "backtrace.snapshots.ingested", ("backtrace.project", "default")));
        Assert.Equal(1, Sum(cluster, "backtrace.snapshots.duplicates", ("backtrace.project", "default")));
        Assert.Equal(1, Sum(cluster, "backtrace.fault_groups.created", ("backtrace.project", "default")));
        Assert.Contains(cluster.Metrics, m => m.Name == "http.server.request.duration");
        Assert.Contains(cluster.Metrics, m => m.MeterName == "Microsoft.Orleans");
    }

    [Fact]
    public async Task HealthEndpoints_AnswerLiveAndReady()
    {
        await using var cluster = await ObservedCluster.StartAsync(
            await postgres.Server.CreateDatabaseAsync(), azurite.Server.ConnectionString, _dataDirectory);

        var live = await cluster.Http.GetAsync(HealthEndpoints.LivePath);
        var ready = await cluster.Http.GetAsync(HealthEndpoints.ReadyPath);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private static Task<HttpResponseMessage> PostAsync(ObservedCluster cluster, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return cluster.Http.PostAsync("/api/v1/projects/default/snapshots", content);
    }

    private static long Sum(ObservedCluster cluster, string name, (string Key, string Value) tag)
    {
        long sum = 0;
        foreach (var metric in cluster.Metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var pointTag in point.Tags)
                {
                    if (pointTag.Key == tag.Key && Equals(pointTag.Value, tag.Value)) sum += point.GetSumLong();
                }
            }
        }
        return sum;
    }
}
