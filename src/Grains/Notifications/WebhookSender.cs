using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Backtrace.Grains.Notifications;

/// <summary>
/// Posts notifications to webhooks, one shared connection pool per silo. Redirects are not followed: a receiver
/// that moved is reported as failing, and a notification never goes to a URL an admin did not configure.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _client;
    private readonly TimeProvider _time;

    public WebhookSender(IOptions<NotificationOptions> options, TimeProvider time)
    {
        _time = time;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.Value.RequestTimeout,
        })
        {
            Timeout = options.Value.RequestTimeout,
        };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Backtrace-Webhook", "1"));
    }

    /// <summary>Posts <paramref name="notification"/> to <paramref name="webhook"/>.</summary>
    /// <returns>Null when the receiver acknowledged it (any 2xx), else what went wrong.</returns>
    public async Task<string?> SendAsync(StoredWebhook webhook, NotificationEvent notification, CancellationToken cancellationToken)
    {
        var body = WebhookPayload.Serialize(notification);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Info.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(WebhookPayload.MediaType) { CharSet = "utf-8" };
        request.Headers.Add(WebhookPayload.EventHeader, WebhookPayload.KindName(notification.Kind));
        request.Headers.Add(WebhookPayload.DeliveryHeader, notification.Id);
        if (webhook.Secret is { } secret)
        {
            var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add(WebhookPayload.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookPayload.SignatureHeader, WebhookPayload.Sign(secret, timestamp, body));
        }

        try
        {
            // Only the status matters; the body is not read, so a receiver cannot make the silo buffer anything.
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no response within {_client.Timeout.TotalSeconds:0.###} s";
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
