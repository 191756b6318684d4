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

    [Theory]
    [InlineData("format=minidump", 415, "unsupported-format", "format 'minidump' is not supported")]
    [InlineData("format=json&object=abc&attachment_name=log.txt", 415, "unsupported-format", "attachment uploads")]
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

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private Task<HttpResponseMessage> PostAsync(string pathAndQuery, HttpContent content) =>
        _client.SendAsync(HttpMethod.Post, pathAndQuery, token: null, content);
}
