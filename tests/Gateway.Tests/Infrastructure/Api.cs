using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Backtrace.Gateway.Tests.Infrastructure;

/// <summary>Requests against the HTTP API, as a client would make them.</summary>
internal static class Api
{
    public static Task<HttpResponseMessage> SendAsync(
        this HttpClient client, HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostSnapshotAsync(
        this HttpClient client, string project, string? token, byte[] body, string? contentEncoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (contentEncoding is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Encoding", contentEncoding);
        }

        return client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/snapshots", token, content);
    }

    public static Task<HttpResponseMessage> PutStateAsync(this HttpClient client, string project, string fingerprint, string token, string state) =>
        client.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/groups/{fingerprint}/state", token,
            new StringContent($"{{\"state\":\"{state}\",\"comment\":\"from a test\"}}", Encoding.UTF8, "application/json"));

    /// <summary>GET that must answer 200; returns the parsed JSON body.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path, string token)
    {
        using var response = await client.SendAsync(HttpMethod.Get, path, token);
        return await JsonBodyAsync(response, System.Net.HttpStatusCode.OK);
    }

    /// <summary>Asserts the status and returns the parsed JSON body.</summary>
    public static async Task<JsonElement> JsonBodyAsync(HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
