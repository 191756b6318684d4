using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Backtrace.Hydra.Tests.Support;

/// <summary>
/// A small HTTP/1.1 server on 127.0.0.1 and a free port, answering every request with what <see cref="Respond"/>
/// says. It stands in for the Backtrace gateway in the fetch tests until the real server can be started; it
/// speaks real HTTP over a real socket, so the client under test runs unchanged.
/// </summary>
internal sealed class TestHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TestHttpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The server's base address.</summary>
    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Writes the response to a request (the request head is given); the connection closes afterwards.</summary>
    public Func<string, Stream, CancellationToken, Task> Respond { get; set; } = (_, stream, token) => Reply(stream, 404, "text/plain", "no handler"u8.ToArray(), token);

    /// <summary>The request heads received, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Writes a complete response with a Content-Length.</summary>
    public static async Task Reply(Stream stream, int status, string contentType, byte[] body, CancellationToken token)
    {
        var head = $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), token);
        await stream.WriteAsync(body, token);
    }

    /// <summary>A problem-details error response, as ASP.NET Core writes them.</summary>
    public static Task Problem(Stream stream, int status, string detail, CancellationToken token) =>
        Reply(stream, status, "application/problem+json", Encoding.UTF8.GetBytes($$"""{"title":"{{Reason(status)}}","status":{{status}},"detail":"{{detail}}"}"""), token);

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        _ => "Error",
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream, _stop.Token);
                Requests.Enqueue(head);
                await Respond(head, stream, _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client went away (a timeout test) or the server is stopping.
            }
        }
    }

    private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken token)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 64 * 1024)
        {
            if (await stream.ReadAsync(buffer, token) == 0)
            {
                break;
            }

            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
