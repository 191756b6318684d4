using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>The Backtrace-compatible submission endpoints, driven the ways Backtrace clients drive them.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class BacktraceCompatibilityTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Theory]
    [InlineData("/post")]
    [InlineData("/api/post")]
    public async Task ARawJsonReport_IsAcceptedWithAnRxid_AndStoredInTheNativeFormat(string endpoint)
    {
        var uuid = Guid.NewGuid();

        using var response = await PostAsync($"{endpoint}?format=json&token={server.Token}&region=eu", Json(TestSnapshots.Report(uuid, "renderInvoice", "handle")));
        var body = await Api.JsonBodyAsync(response, HttpStatusCode.OK);

        Assert.Equal("ok", body.GetProperty("response").GetString());
        Assert.Equal(uuid.ToString("D"), body.GetProperty("_rxid").GetString());
        var snapshot = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/snapshots/{uuid}", server.Token);
        Assert.Equal("e2e-report", snapshot.GetProperty("agent").GetString());
        Assert.Equal("TypeError", snapshot.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("eu", snapshot.GetProperty("attributes").GetProperty("region").GetString());
        Assert.Equal("renderInvoice", snapshot.GetProperty("threads")[0].GetProperty("frames")[0].GetProperty("function").GetString());
    }

    [Fact]
    public async Task AMultipartReport_TakesUploadFileAndFormFields_AndKeepsAttachments()
    {
        var uuid = Guid.NewGuid();
        using var form = new MultipartFormDataContent();
        var report = new ByteArrayContent(TestSnapshots.Report(uuid, "multipart_" + uuid.ToString("N"), "main"));
        report.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(report, "upload_file", "upload_file.json");
        form.Add(new StringContent("3.1"), "version");
        form.Add(new ByteArrayContent("breadcrumbs"u8.ToArray()), "attachment_bt-breadcrumbs-0", "bt-breadcrumbs-0");

        using var response = await PostAsync($"/api/post?format=json&token={server.Token}", form);
        await Api.JsonBodyAsync(response, HttpStatusCode.OK);

        var snapshot = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/snapshots/{uuid}", server.Token);
        Assert.Equal("3.1", snapshot.GetProperty("attributes").GetProperty("version").GetString());
        var attachments = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/snapshots/{uuid}/attachments", server.Token);
        Assert.Equal(["bt-breadcrumbs-0"], attachments.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task AGzipReport_IsAccepted()
    {
        var uuid = Guid.NewGuid();
        var content = new ByteArrayContent(Compression.Gzip(TestSnapshots.Report(uuid, "gzip_report")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await PostAsync($"/post?format=json&token={server.Token}", content);

        Assert.Equal(uuid.ToString("D"), (await Api.JsonBodyAsync(response, HttpStatusCode.OK)).GetProperty("_rxid").GetString());
    }

    [Fact]
    public async Task TheSameReportTwice_AnswersTheSameRxid_AndCountsOnce()
    {
        var uuid = Guid.NewGuid();
        var report = TestSnapshots.Report(uuid, "twice_" + uuid.ToString("N"));

        using var first = await PostAsync($"/post?format=json&token={server.Token}", Json(report));
        using var second = await PostAsync($"/post?format=json&token={server.Token}", Json(report));

        Assert.Equal(uuid.ToString("D"), (await Api.JsonBodyAsync(first, HttpStatusCode.OK)).GetProperty("_rxid").GetString());
        Assert.Equal(uuid.ToString("D"), (await Api.JsonBodyAsync(second, HttpStatusCode.OK)).GetProperty("_rxid").GetString());
        var groups = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/groups?limit=500", server.Token);
        var group = groups.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("last_snapshot").GetGuid() == uuid);
        Assert.Equal(1, group.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task TokenProblems_Get401_AsBacktraceClientsExpect()
    {
        using var missing = await PostAsync("/post?format=json", Json(TestSnapshots.Report(Guid.NewGuid(), "f")));
        using var wrong = await PostAsync("/post?format=json&token=not-a-token-of-this-server", Json(TestSnapshots.Report(Guid.NewGuid(), "f")));

        await ProblemAssert.IsProblemAsync(missing, 401, "missing-token");
        await ProblemAssert.IsProblemAsync(wrong, 401, "invalid-token");
    }

    [Fact]
    public async Task ATokenWithoutTheSubmitScope_Gets403_AndStoresNothing()
    {
        using var issue = await _client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{server.Project}/tokens", server.AdminToken,
            new StringContent("{\"name\":\"reader\",\"scopes\":[\"read\"]}", Encoding.UTF8, "application/json"));
        var readOnly = (await Api.JsonBodyAsync(issue, HttpStatusCode.Created)).GetProperty("secret").GetString()!;
        var uuid = Guid.NewGuid();

        using var response = await PostAsync($"/api/post?format=json&token={readOnly}", Json(TestSnapshots.Report(uuid, "f")));

        await ProblemAssert.IsProblemAsync(response, 403, "missing-scope", "'submit' scope");
        using var stored = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/snapshots/{uuid}", server.Token);
        await ProblemAssert.IsProblemAsync(stored, 404, "snapshot-not-found");
    }

    [Theory]
    [InlineData("format=minidump", 415, "unsupported-format", "format 'minidump' is not supported")]
    [InlineData("format=plcrash", 415, "unsupported-format", "format 'plcrash' is not supported")]
    public async Task UnsupportedSubmissions_Get415(string query, int status, string code, string detail)
    {
        using var response = await PostAsync($"/post?{query}&token={server.Token}", Json(TestSnapshots.Report(Guid.NewGuid(), "f")));

        await ProblemAssert.IsProblemAsync(response, status, code, detail);
    }

    [Theory]
    [InlineData("{\"uuid\":\"0c8a1f3e-7d52-4b9a-a6e4-19f2d7c3b805\",\"timestamp\":1,\"threads\":{\"main\":{\"stack\":[{\"library\":\"x\"}]}}}",
        "$.threads.main.stack[0]: a frame needs \"funcName\" or \"address\"")]
    [InlineData("{\"uuid\":\"0c8a1f3e-7d52-4b9a-a6e4-19f2d7c3b805\"}", "$.timestamp: required")]
    [InlineData("{\"uuid\":\"0c8a1f3e-7d52-4b9a-a6e4-19f2d7c3b805\",\"timestamp\":\"now\"}", "$.timestamp: expected a number, found a string")]
    [InlineData("not json", "malformed JSON")]
    public async Task MalformedReports_Get400WithTheReportsPath(string report, string detail)
    {
        using var response = await PostAsync($"/post?format=json&token={server.Token}", new StringContent(report, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, 400, "invalid-snapshot", detail);
    }

    public static TheoryData<string> HostileReports =>
        ["invalid utf-8", "deep nesting", "giant string", "wrong type", "corrupt gzip", "unsupported encoding"];

    [Theory]
    [MemberData(nameof(HostileReports))]
    public async Task HostileReports_GetAPrecise4xx_AndStoreNothing(string name)
    {
        var uuid = Guid.NewGuid();
        var valid = TestSnapshots.Report(uuid, "hostile_" + uuid.ToString("N"));
        var text = Encoding.UTF8.GetString(valid);
        var (body, encoding, status, code, detail) = name switch
        {
            "invalid utf-8" => (Splice(valid, "\"boom\"", [0x22, 0xC3, 0x28, 0x22]), null, 400, "invalid-snapshot", "not valid UTF-8"),
            "deep nesting" => (Encoding.UTF8.GetBytes(text.Replace("\"hello\"", new string('[', 70) + new string(']', 70))), null, 400, "invalid-snapshot", "nesting is deeper than 64 levels"),
            "giant string" => (Encoding.UTF8.GetBytes(text.Replace("\"boom\"", $"\"{new string('b', 70_000)}\"")), null, 400, "invalid-snapshot", "the limit is 65536 bytes"),
            "wrong type" => (Encoding.UTF8.GetBytes(text.Replace("\"mainThread\":\"main\"", "\"mainThread\":7")), null, 400, "invalid-snapshot", "$.mainThread: expected a string"),
            "corrupt gzip" => (valid, "gzip", 400, "corrupt-body", "the gzip body cannot be decompressed"),
            "unsupported encoding" => (valid, "br", 415, "unsupported-encoding", "Content-Encoding 'br' is not supported"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
        var content = Json(body);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        using var response = await PostAsync($"/post?format=json&token={server.Token}", content);

        await ProblemAssert.IsProblemAsync(response, status, code, detail);
        using var stored = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/snapshots/{uuid}", server.Token);
        await ProblemAssert.IsProblemAsync(stored, 404, "snapshot-not-found");
    }

    [Fact]
    public async Task AMultipartBodyWithoutTheReport_Gets400()
    {
        using var form = new MultipartFormDataContent { { new StringContent("1.0"), "version" } };

        using var response = await PostAsync($"/post?format=json&token={server.Token}", form);

        await ProblemAssert.IsProblemAsync(response, 400, "invalid-body", "no 'upload_file' part");
    }

    [Fact]
    public async Task AReportOverTheLimit_Gets413()
    {
        var big = new string('x', (int)ServerFixture.MaxBodyBytes);

        using var response = await PostAsync($"/post?format=json&token={server.Token}", new StringContent($"{{\"pad\":\"{big}\"}}", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, 413, "body-too-large");
    }

    private static byte[] Splice(byte[] body, string find, byte[] replacement)
    {
        var at = body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(find));
        Assert.True(at >= 0, $"'{find}' is not in the report");
        return [.. body[..at], .. replacement, .. body[(at + Encoding.UTF8.GetByteCount(find))..]];
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private Task<HttpResponseMessage> PostAsync(string pathAndQuery, HttpContent content) =>
        _client.SendAsync(HttpMethod.Post, pathAndQuery, token: null, content);
}
