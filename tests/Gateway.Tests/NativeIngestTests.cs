using System.Net;
using System.Text.Json;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>Native submission end to end: the real server process, real HTTP on 127.0.0.1.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class NativeIngestTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task TheExampleSnapshot_IsStoredGroupedAndDownloadableByteForByte()
    {
        var body = RepositoryFiles.Read("examples/null-dereference.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        var uuid = Guid.NewGuid();
        node["uuid"] = uuid.ToString();
        body = System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());

        using var response = await _client.PostSnapshotAsync(server.Project, server.Token, body);
        var created = await Api.JsonBodyAsync(response, HttpStatusCode.Created);

        Assert.Equal(uuid, created.GetProperty("uuid").GetGuid());
        Assert.False(created.GetProperty("duplicate").GetBoolean());
        var fingerprint = created.GetProperty("fingerprint").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
        Assert.Equal($"/api/v1/projects/{server.Project}/snapshots/{uuid}", response.Headers.Location?.OriginalString);

        using var download = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/snapshots/{uuid}", server.Token);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await download.Content.ReadAsByteArrayAsync());

        var group = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/groups/{fingerprint}", server.Token);
        Assert.Equal("open", group.GetProperty("state").GetString());
        Assert.Contains("parse_header", group.GetProperty("callstack").EnumerateArray().Select(f => f.GetString()!).First());
    }

    [Fact]
    public async Task SameStack_JoinsOneGroup_AndADifferentStackMakesAnother()
    {
        string[] stack = ["read_config_" + Guid.NewGuid().ToString("N"), "load", "main"];

        var first = await SubmitAsync(TestSnapshots.Native(Guid.NewGuid(), stack));
        var second = await SubmitAsync(TestSnapshots.Native(Guid.NewGuid(), stack));
        var other = await SubmitAsync(TestSnapshots.Native(Guid.NewGuid(), ["write_log_" + Guid.NewGuid().ToString("N"), "main"]));

        Assert.Equal(first.GetProperty("fingerprint").GetString(), second.GetProperty("fingerprint").GetString());
        Assert.True(first.GetProperty("new_group").GetBoolean());
        Assert.False(second.GetProperty("new_group").GetBoolean());
        Assert.Equal(2, second.GetProperty("group_count").GetInt64());
        Assert.NotEqual(first.GetProperty("fingerprint").GetString(), other.GetProperty("fingerprint").GetString());
    }

    [Fact]
    public async Task TheSameUuidTwice_IsStoredAndCountedOnce()
    {
        var uuid = Guid.NewGuid();
        var body = TestSnapshots.Native(uuid, "retry_" + Guid.NewGuid().ToString("N"), "main");

        var first = await SubmitAsync(body);
        using var again = await _client.PostSnapshotAsync(server.Project, server.Token, body);
        var duplicate = await Api.JsonBodyAsync(again, HttpStatusCode.OK);

        Assert.True(duplicate.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("fingerprint").GetString(), duplicate.GetProperty("fingerprint").GetString());
        Assert.Equal(1, duplicate.GetProperty("group_count").GetInt64());
        var fingerprint = first.GetProperty("fingerprint").GetString();
        var group = await Eventually.AssertAsync(async () =>
        {
            var details = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/groups/{fingerprint}", server.Token);
            Assert.Single(details.GetProperty("recent_snapshots").EnumerateArray());
            return details;
        });
        Assert.Equal(1, group.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task TheSameUuidSentConcurrently_IsCreatedOnce_AndCountedOnce()
    {
        var uuid = Guid.NewGuid();
        var body = TestSnapshots.Native(uuid, "racing_" + Guid.NewGuid().ToString("N"), "main");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _client.PostSnapshotAsync(server.Project, server.Token, body)));

        Assert.Equal([HttpStatusCode.Created], responses.Select(r => r.StatusCode).Where(s => s != HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var fingerprint = (await Api.JsonBodyAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Created), HttpStatusCode.Created))
            .GetProperty("fingerprint").GetString();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        var group = await Eventually.AssertAsync(async () =>
        {
            var details = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/groups/{fingerprint}", server.Token);
            Assert.Single(details.GetProperty("recent_snapshots").EnumerateArray());
            return details;
        });
        Assert.Equal(1, group.GetProperty("count").GetInt64());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate-zlib")]
    [InlineData("deflate-raw")]
    public async Task CompressedBodies_AreAccepted(string encoding)
    {
        var uuid = Guid.NewGuid();
        var body = TestSnapshots.Native(uuid, "compressed_" + encoding.Replace('-', '_'), "main");
        var (compressed, header) = encoding switch
        {
            "gzip" => (Compression.Gzip(body), "gzip"),
            "deflate-zlib" => (Compression.Zlib(body), "deflate"),
            _ => (Compression.RawDeflate(body), "deflate"),
        };

        using var response = await _client.PostSnapshotAsync(server.Project, server.Token, compressed, header);
        await Api.JsonBodyAsync(response, HttpStatusCode.Created);

        using var download = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/snapshots/{uuid}", server.Token);
        Assert.Equal(body, await download.Content.ReadAsByteArrayAsync());
    }

    private async Task<JsonElement> SubmitAsync(byte[] body)
    {
        using var response = await _client.PostSnapshotAsync(server.Project, server.Token, body);
        return await Api.JsonBodyAsync(response, HttpStatusCode.Created);
    }
}
