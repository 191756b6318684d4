using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>Every kind of bad submission answers a precise 4xx problem and writes nothing.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class BadInputTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    public static TheoryData<string> Cases =>
    [
        "malformed json", "truncated json", "wrong type", "missing uuid", "nil uuid", "unknown version", "deep nesting",
        "giant string", "invalid utf-8", "lone surrogate", "too many frames", "corrupt gzip", "not actually gzip",
        "unsupported encoding", "two encodings", "null thread", "null frame", "null module", "null register",
        "number beyond a double", "integer overflow",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadSubmission_AnswersAPreciseProblem_AndStoresNothing(string name)
    {
        var uuid = Guid.NewGuid();
        var valid = TestSnapshots.Native(uuid, "bad_input_" + Guid.NewGuid().ToString("N"));
        var (body, encoding, status, code, detail) = name switch
        {
            "malformed json" => (Encoding.UTF8.GetBytes("{\"uuid\": nope}"), null, 400, "invalid-snapshot", "$.uuid: malformed JSON: 'nope}' is an invalid"),
            "truncated json" => (valid[..(valid.Length / 2)], null, 400, "invalid-snapshot", "malformed JSON"),
            "wrong type" => (TestSnapshots.WithField(uuid, "threads", "[{\"tid\":\"one\"}]"), null, 400, "invalid-snapshot", "$.threads[0].tid: expected an integer"),
            "missing uuid" => (Encoding.UTF8.GetBytes("{\"timestamp\":\"2026-11-25T12:00:00Z\"}"), null, 400, "invalid-snapshot", "$.uuid: required"),
            "nil uuid" => (TestSnapshots.WithField(uuid, "uuid", "\"00000000-0000-0000-0000-000000000000\""), null, 400, "invalid-snapshot", "$.uuid: required"),
            "unknown version" => (TestSnapshots.WithField(uuid, "version", "2"), null, 400, "invalid-snapshot", "$.version: format version 2 is not supported"),
            "deep nesting" => (TestSnapshots.WithField(uuid, "annotations", $"[{{\"name\":\"n\",\"json\":{new string('[', 70)}{new string(']', 70)}}}]"),
                null, 400, "invalid-snapshot", "nesting is deeper than 64 levels"),
            "giant string" => (TestSnapshots.WithField(uuid, "application", $"\"{new string('a', 70_000)}\""),
                null, 400, "invalid-snapshot", "$.application: string is 70000 bytes long; the limit is 65536 bytes"),
            "invalid utf-8" => (InvalidUtf8(uuid), null, 400, "invalid-snapshot", "$.application: the string is not valid UTF-8"),
            "lone surrogate" => (TestSnapshots.WithField(uuid, "application", "\"x\\ud800\""), null, 400, "invalid-snapshot", "lone UTF-16 surrogate"),
            "too many frames" => (TestSnapshots.Native(uuid, [.. Enumerable.Range(0, 4097).Select(i => $"f{i}")]),
                null, 400, "invalid-snapshot", "$.threads[0].frames: 4097 frames; the limit is 4096"),
            "null thread" => (TestSnapshots.WithField(uuid, "threads", "[null]"), null, 400, "invalid-snapshot", "$.threads[0]: must be an object, not null"),
            "null frame" => (TestSnapshots.WithField(uuid, "threads", "[{\"tid\":1,\"frames\":[{\"pc\":\"0x1\"},null]}]"),
                null, 400, "invalid-snapshot", "$.threads[0].frames[1]: must be an object, not null"),
            "null module" => (TestSnapshots.WithField(uuid, "modules", "[null]"), null, 400, "invalid-snapshot", "$.modules[0]: must be an object, not null"),
            "null register" => (TestSnapshots.WithField(uuid, "threads", "[{\"tid\":1,\"registers\":{\"rip\":null}}]"),
                null, 400, "invalid-snapshot", "$.threads[0].registers: an address must be a \"0x...\" hex string, not null"),
            "number beyond a double" => (TestSnapshots.WithField(uuid, "attributes", "{\"n\":1e400}"),
                null, 400, "invalid-snapshot", "$.attributes.n: the number is beyond the range of a 64-bit float"),
            "integer overflow" => (TestSnapshots.WithField(uuid, "threads", "[{\"tid\":18446744073709551616}]"),
                null, 400, "invalid-snapshot", "$.threads[0].tid: "),
            "corrupt gzip" => (Corrupt(Compression.Gzip(valid)), "gzip", 400, "corrupt-body", "the gzip body cannot be decompressed"),
            "not actually gzip" => (valid, "gzip", 400, "corrupt-body", "the gzip body cannot be decompressed"),
            "unsupported encoding" => (valid, "br", 415, "unsupported-encoding", "Content-Encoding 'br' is not supported"),
            "two encodings" => (Compression.Gzip(Compression.Gzip(valid)), "gzip, gzip", 415, "unsupported-encoding", "several content encodings"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
        var groupsBefore = await GroupTotalAsync();

        using var response = await _client.PostSnapshotAsync(server.Project, server.Token, body, encoding);
        var problem = await ProblemAssert.IsProblemAsync(response, status, code, detail);

        if (code == "invalid-snapshot")
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.GetArrayLength() >= 1, problem.ToString());
        }

        await AssertNothingStoredAsync(uuid, groupsBefore);
    }

    [Fact]
    public async Task BodyOverTheLimit_Gets413_WithOrWithoutContentLength()
    {
        var uuid = Guid.NewGuid();
        var body = TestSnapshots.WithField(uuid, "application", $"\"{new string('a', (int)ServerFixture.MaxBodyBytes)}\"");
        var groupsBefore = await GroupTotalAsync();

        using var announced = await _client.PostSnapshotAsync(server.Project, server.Token, body);
        await ProblemAssert.IsProblemAsync(announced, 413, "body-too-large", $"larger than the limit of {ServerFixture.MaxBodyBytes} bytes");

        // Chunked: no Content-Length, so the limit must cut the stream as it arrives.
        var chunked = new StreamContent(new MemoryStream(body));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{server.Project}/snapshots") { Content = chunked };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await _client.SendAsync(request);
        await ProblemAssert.IsProblemAsync(streamed, 413, "body-too-large");

        await AssertNothingStoredAsync(uuid, groupsBefore);
    }

    [Fact]
    public async Task ZipBomb_Gets413_WithoutInflatingItAll()
    {
        // 64 MiB of spaces compress to about 64 KiB: small on the wire, far over the decompressed limit.
        var uuid = Guid.NewGuid();
        var valid = TestSnapshots.Native(uuid, "f");
        var bomb = new byte[64 * 1024 * 1024];
        Array.Fill(bomb, (byte)' ');
        valid.CopyTo(bomb, 0);
        var compressed = Compression.Gzip(bomb);
        Assert.True(compressed.Length < ServerFixture.MaxBodyBytes);

        using var response = await _client.PostSnapshotAsync(server.Project, server.Token, compressed, "gzip");

        await ProblemAssert.IsProblemAsync(response, 413, "body-too-large", $"decompresses to more than the limit of {ServerFixture.MaxDecompressedBytes} bytes");
        await AssertNothingStoredAsync(uuid, await GroupTotalAsync());
    }

    [Fact]
    public async Task UnknownProject_Gets404()
    {
        using var response = await _client.PostSnapshotAsync("no-such-project", server.Token, TestSnapshots.Native(Guid.NewGuid(), "f"));

        await ProblemAssert.IsProblemAsync(response, 404, "project-not-found", "project 'no-such-project' does not exist or is not reachable with this token");
    }

    private static byte[] InvalidUtf8(Guid uuid)
    {
        var text = Encoding.UTF8.GetString(TestSnapshots.WithField(uuid, "application", "\"PLACEHOLDER\""));
        var at = text.IndexOf("PLACEHOLDER", StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(text[..at]), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(text[(at + "PLACEHOLDER".Length)..])];
    }

    private static byte[] Corrupt(byte[] gzip)
    {
        var copy = (byte[])gzip.Clone();
        for (var i = 10; i < copy.Length - 8; i++)
        {
            copy[i] ^= 0x5A;
        }

        return copy;
    }

    private async Task<long> GroupTotalAsync() =>
        (await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/groups?limit=1", server.Token)).GetProperty("total").GetInt64();

    private async Task AssertNothingStoredAsync(Guid uuid, long groupsBefore)
    {
        using var download = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/snapshots/{uuid}", server.Token);
        await ProblemAssert.IsProblemAsync(download, 404, "snapshot-not-found");
        Assert.Equal(groupsBefore, await GroupTotalAsync());
    }
}
