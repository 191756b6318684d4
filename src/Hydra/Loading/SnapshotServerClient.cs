using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Backtrace.Hydra.Cli;
using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Loading;

/// <summary>Fetches one snapshot from a Backtrace server's HTTP API.</summary>
public sealed class SnapshotServerClient(HttpMessageHandler? handler = null)
{
    /// <summary>Downloads and decodes the snapshot named by <paramref name="request"/>.</summary>
    /// <exception cref="HydraException">The server cannot be reached, refuses the token, does not have the snapshot,
    /// answers with an error, or sends something that is not a valid snapshot.</exception>
    public async Task<Snapshot> FetchAsync(ServerSnapshotRequest request, LoadLimits limits, CancellationToken cancellation = default)
    {
        using var http = handler is null
            ? new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All })
            : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan; // the linked token below bounds the whole exchange, body included

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(limits.FetchTimeout);

        var uri = request.SnapshotUri;
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Token);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await ReadProblemDetailAsync(response, timeout.Token).ConfigureAwait(false);
                throw new HydraException(DescribeRefusal(request, response.StatusCode, detail));
            }

            if (response.Content.Headers.ContentLength is { } length && length > limits.MaxBytes)
            {
                throw BoundedReader.TooLarge($"snapshot {request.SnapshotId} from {request.Server}", limits.MaxBytes);
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            var bytes = await BoundedReader.ReadAllAsync(body, limits.MaxBytes, $"snapshot {request.SnapshotId} from {request.Server}", timeout.Token)
                .ConfigureAwait(false);
            return SnapshotDocument.Read(bytes, $"snapshot {request.SnapshotId} from {uri}");
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            throw new HydraException($"{request.Server} did not send the snapshot within {limits.FetchTimeout.TotalSeconds:0} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new HydraException($"cannot reach {request.Server}: {Describe(e)}", e);
        }
    }

    private static string DescribeRefusal(ServerSnapshotRequest request, HttpStatusCode status, string? detail)
    {
        var because = detail is null ? "" : $" ({detail})";
        return status switch
        {
            HttpStatusCode.Unauthorized =>
                $"{request.Server} rejected the token (401 Unauthorized){because}: check --token or BACKTRACE_TOKEN",
            HttpStatusCode.Forbidden =>
                $"the token may not read project '{request.Project}' on {request.Server} (403 Forbidden){because}",
            HttpStatusCode.NotFound =>
                $"snapshot {request.SnapshotId} was not found in project '{request.Project}' on {request.Server} (404 Not Found){because}",
            _ => $"{request.Server} answered {(int)status} {status}{because}",
        };
    }

    /// <summary>The server's own explanation (RFC 9457 <c>detail</c> or <c>title</c>), bounded, or null.</summary>
    private static async Task<string?> ReadProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        const int maxProblemBytes = 64 * 1024;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            var bytes = await BoundedReader.ReadAllAsync(body, maxProblemBytes, "error body", cancellation).ConfigureAwait(false);
            using var document = JsonDocument.Parse(bytes);
            foreach (var name in (ReadOnlySpan<string>)["detail", "title", "error"])
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object &&
                    document.RootElement.TryGetProperty(name, out var value) &&
                    value.ValueKind == JsonValueKind.String &&
                    value.GetString() is { Length: > 0 } text)
                {
                    return text.Length <= 200 ? text : text[..200] + "...";
                }
            }
        }
        catch (Exception e) when (e is JsonException or HydraException or HttpRequestException or IOException)
        {
            // The explanation is a courtesy: a refusal without a readable body is still reported by its status.
        }

        return null;
    }

    private static string Describe(HttpRequestException e) => e.InnerException switch
    {
        SocketException socket => socket.Message,
        IOException io => io.Message,
        _ => e.Message,
    };
}
