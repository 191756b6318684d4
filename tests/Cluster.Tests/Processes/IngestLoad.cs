using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Backtrace.Cluster.Tests.Processes;

/// <summary>
/// Sustained ingest against a gateway from a few concurrent submitters, each sending new snapshots one after
/// another (bounded in count and time). It remembers every acknowledged uuid with its group and every
/// refusal, each with the time it happened.
/// </summary>
internal sealed class IngestLoad
{
    public const int Groups = 5;

    private readonly HttpClient _http;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IngestLoad(HttpClient http) => _http = http;

    /// <summary>Acknowledged snapshots: uuid → group.</summary>
    public ConcurrentDictionary<Guid, int> Acknowledged { get; } = new();

    /// <summary>Every answer that was not an acknowledgement, with when it came.</summary>
    public ConcurrentQueue<Refusal> Refusals { get; } = new();

    /// <summary>When each acknowledgement came, on this load's clock.</summary>
    public ConcurrentQueue<TimeSpan> AcknowledgedAt { get; } = new();

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Runs <paramref name="submitters"/> submitters until <paramref name="stop"/> is cancelled or <paramref name="maxPerSubmitter"/> each.</summary>
    public Task RunAsync(int submitters, int maxPerSubmitter, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, submitters).Select(s => Task.Run(() => SubmitLoopAsync(s, maxPerSubmitter, stop))));

    private async Task SubmitLoopAsync(int submitter, int max, CancellationToken stop)
    {
        for (var i = 0; i < max && !stop.IsCancellationRequested; i++)
        {
            var uuid = Guid.NewGuid();
            var group = (submitter + i) % Groups;
            using var content = new ByteArrayContent(SnapshotDocuments.Create(uuid, group));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            try
            {
                using var response = await _http.PostAsync($"/api/v1/projects/{ProcessCluster.Project}/snapshots", content, CancellationToken.None);
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                {
                    Acknowledged[uuid] = group;
                    AcknowledgedAt.Enqueue(Now);
                }
                else
                {
                    Refusals.Enqueue(new Refusal(Now, (int)response.StatusCode, response.Headers.RetryAfter?.Delta, await response.Content.ReadAsStringAsync()));
                    await Task.Delay(100, CancellationToken.None);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                Refusals.Enqueue(new Refusal(Now, 0, null, exception.Message));
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    /// <summary>An answer that did not acknowledge: status 0 when no HTTP answer came at all.</summary>
    public sealed record Refusal(TimeSpan At, int Status, TimeSpan? RetryAfter, string Body);
}
