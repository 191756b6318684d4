using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backtrace.LocalServices;

namespace Backtrace.Cluster.Tests.Processes;

/// <summary>
/// The HTTP API features that reach storage through the cluster's adapters, on real processes (a silo and a gateway
/// on PostgreSQL and Azurite): a project created over HTTP, and a Backtrace report's attachments stored in blob
/// storage and read back through the gateway.
/// </summary>
[Collection(ProcessTestsCollection.Name)]
public sealed class ClusterApiTests
{
    [Fact]
    public async Task ACreatedProject_TakesAMultipartReport_AndServesItsAttachmentsFromBlobStorage()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 1);
        using var create = await SendAsync(cluster, HttpMethod.Post, "/api/v1/projects", ProcessCluster.AdminToken,
            new StringContent("{\"name\":\"mobile\"}", Encoding.UTF8, "application/json"));
        var admin = (await JsonAsync(create, HttpStatusCode.Created)).GetProperty("admin_token").GetProperty("secret").GetString()!;
        var uuid = Guid.NewGuid();
        var report = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("examples", "backtrace-report.json")))!;
        report["uuid"] = uuid.ToString("D");
        var dump = new byte[200 * 1024];
        Random.Shared.NextBytes(dump);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json"), "upload_file", "upload_file.json" },
            { new ByteArrayContent(dump) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-dmp") } }, "attachment_crash.dmp", "crash.dmp" },
        };

        using var submit = await SendAsync(cluster, HttpMethod.Post, $"/api/post?format=json&token={admin}", token: null, form);
        Assert.Equal(uuid.ToString("D"), (await JsonAsync(submit, HttpStatusCode.OK)).GetProperty("_rxid").GetString());

        using var list = await SendAsync(cluster, HttpMethod.Get, $"/api/v1/projects/mobile/snapshots/{uuid}/attachments", admin);
        var attachment = Assert.Single((await JsonAsync(list, HttpStatusCode.OK)).GetProperty("attachments").EnumerateArray());
        Assert.Equal(("crash.dmp", "application/x-dmp", (long)dump.Length),
            (attachment.GetProperty("name").GetString(), attachment.GetProperty("content_type").GetString(), attachment.GetProperty("size").GetInt64()));
        using var download = await SendAsync(cluster, HttpMethod.Get, attachment.GetProperty("url").GetString()!, admin);
        Assert.Equal(dump, await download.Content.ReadAsByteArrayAsync());

        // The default project's tokens do not reach the new project, in cluster mode too.
        using var other = await SendAsync(cluster, HttpMethod.Get, $"/api/v1/projects/mobile/snapshots/{uuid}/attachments", ProcessCluster.Token);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(ProcessCluster cluster, HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            // Replaces the cluster client's default token for this request.
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await cluster.Http.SendAsync(request);
        }

        // No header at all: the query string carries the token.
        using var bare = new HttpClient { BaseAddress = cluster.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        return await bare.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
