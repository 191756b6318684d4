using System.Net;
using System.Net.Http.Headers;

namespace Backtrace.Capture.Delivery;

/// <summary>
/// POSTs gzip-compressed snapshot JSON to <c>{server}/api/v1/projects/{project}/snapshots</c> with the
/// token as a bearer token. Never throws for server or network failures: the result says whether to retry.
/// </summary>
public sealed class SnapshotSubmitter : IDisposable
{
    private readonly HttpClient _client;
    private readonly Uri _endpoint;

    public SnapshotSubmitter(DeliveryOptions options)
    {
        options.Validate();
        _client = new HttpClient { Timeout = options.RequestTimeout };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("backtrace-agent", typeof(SnapshotSubmitter).Assembly.GetName().Version?.ToString(3) ?? "0"));
        var server = options.Server!.AbsoluteUri.TrimEnd('/');
        _endpoint = new Uri($"{server}/api/v1/projects/{Uri.EscapeDataString(options.Project!)}/snapshots");
    }

    /// <summary>The URL snapshots are posted to.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>Sends one gzip-compressed snapshot.</summary>
    public async Task<SubmissionResult> SubmitAsync(byte[] gzippedJson, CancellationToken cancellation)
    {
        using var content = new ByteArrayContent(gzippedJson);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        try
        {
            using var response = await _client.PostAsync(_endpoint, content, cancellation).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return new SubmissionResult(SubmissionOutcome.Accepted, $"{(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            var detail = $"{(int)response.StatusCode} {response.ReasonPhrase}: {(body.Length > 300 ? body[..300] + "..." : body)}";
            var retry = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            return new SubmissionResult(retry ? SubmissionOutcome.RetryLater : SubmissionOutcome.Rejected, detail);
        }
        catch (HttpRequestException e)
        {
            return new SubmissionResult(SubmissionOutcome.RetryLater, e.Message);
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new SubmissionResult(SubmissionOutcome.RetryLater, $"no answer within {_client.Timeout.TotalSeconds:0} s");
        }
    }

    public void Dispose() => _client.Dispose();
}
