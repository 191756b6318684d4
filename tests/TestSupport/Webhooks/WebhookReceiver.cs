using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Backtrace.TestSupport.Webhooks;

/// <summary>
/// A real HTTP receiver of webhooks on 127.0.0.1 and a free port, for tests: it records every request and answers
/// <see cref="Status"/>, which a test changes to take the receiver "down" (503) and "up" (200) again.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly List<ReceivedWebhook> _received = [];
    private volatile int _status = 200;

    private WebhookReceiver(HttpListener listener, Uri url)
    {
        _listener = listener;
        Url = url;
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Where to post: <c>http://127.0.0.1:port/hook</c>.</summary>
    public Uri Url { get; }

    /// <summary>The status every request is answered with from now on.</summary>
    public int Status
    {
        get => _status;
        set => _status = value;
    }

    /// <summary>Everything received so far, in order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Starts a receiver. HttpListener cannot bind port 0, so a free port is probed and taken, again if it was lost to a race.</summary>
    public static WebhookReceiver Start(int status = 200)
    {
        for (var attempt = 1; ; attempt++)
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new WebhookReceiver(listener, new Uri($"http://127.0.0.1:{port}/hook")) { Status = status };
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Waits until the received requests satisfy <paramref name="condition"/>; fails with what arrived when time is up.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var received = Received;
            if (condition(received))
            {
                return received;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"timed out after {limit.TotalSeconds:F0} s waiting for {what}; received {received.Count}: " +
                    string.Join(", ", received.Select(r => $"{r.Header("X-Backtrace-Event")} {r.Header("X-Backtrace-Delivery")} -> {r.AnsweredStatus}")));
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            var status = _status;
            lock (_received)
            {
                _received.Add(new ReceivedWebhook(context.Request.HttpMethod, context.Request.Url?.AbsolutePath ?? "", headers, body.ToArray(), status));
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }
}
