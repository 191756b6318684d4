using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>
/// Files sent beside a Backtrace report in a multipart <c>/post</c> (log files, minidumps) are stored with the
/// snapshot, listed and downloaded with a read token; a submission that breaks a bound stores nothing.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class AttachmentTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Theory]
    [InlineData("/post")]
    [InlineData("/api/post")]
    public async Task AttachmentsOfAMultipartReport_AreStoredListedAndDownloadedByteForByte(string endpoint)
    {
        var uuid = Guid.NewGuid();
        var minidump = new byte[300 * 1024];
        Random.Shared.NextBytes(minidump);
        using var form = Form(uuid,
            ("attachment_app.log", "app.log", "text/plain", "line 1\nline 2\n"u8.ToArray()),
            ("attachment_crash.dmp", "crash.dmp", "application/x-dmp", minidump),
            ("attachment_журнал (1).txt", "журнал (1).txt", null, "привет"u8.ToArray()));

        using var response = await PostAsync(endpoint, form);
        Assert.Equal(uuid.ToString("D"), (await Api.JsonBodyAsync(response, HttpStatusCode.OK)).GetProperty("_rxid").GetString());

        var list = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/snapshots/{uuid}/attachments", server.Token);
        var listed = list.GetProperty("attachments").EnumerateArray()
            .Select(a => (a.GetProperty("name").GetString(), a.GetProperty("content_type").GetString(), a.GetProperty("size").GetInt64()))
            .ToList();
        Assert.Equal([("app.log", "text/plain", 14L), ("crash.dmp", "application/x-dmp", minidump.Length), ("журнал (1).txt", "application/octet-stream", 12L)], listed);

        var urls = list.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("url").GetString()!).ToList();
        Assert.Equal(minidump, await DownloadAsync(urls[1], "application/x-dmp"));
        Assert.Equal("line 1\nline 2\n"u8.ToArray(), await DownloadAsync(urls[0], "text/plain"));
        Assert.Equal("привет"u8.ToArray(), await DownloadAsync(urls[2], "application/octet-stream"));
    }

    [Fact]
    public async Task AnyFilePart_IsAnAttachment_NamedByItsFileName()
    {
        var uuid = Guid.NewGuid();
        using var form = Form(uuid, ("logfile", "/var/log/app/server.log", "text/plain", "started"u8.ToArray()));

        using var response = await PostAsync("/post?region=eu-west&", form);
        await Api.JsonBodyAsync(response, HttpStatusCode.OK);

        var list = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/snapshots/{uuid}/attachments", server.Token);
        Assert.Equal(["server.log"], list.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        var snapshot = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/snapshots/{uuid}", server.Token);
        Assert.Equal("eu-west", snapshot.GetProperty("attributes").GetProperty("region").GetString());
    }

    [Fact]
    public async Task ResubmittingTheSameReport_KeepsTheFirstAttachments_AndAddsNewNames()
    {
        var uuid = Guid.NewGuid();
        using (var first = await PostAsync("/post", Form(uuid, ("attachment_a.txt", "a.txt", "text/plain", "first"u8.ToArray()))))
        {
            await Api.JsonBodyAsync(first, HttpStatusCode.OK);
        }

        using (var again = await PostAsync("/post", Form(uuid,
            ("attachment_a.txt", "a.txt", "text/plain", "second"u8.ToArray()), ("attachment_b.txt", "b.txt", "text/plain", "new"u8.ToArray()))))
        {
            await Api.JsonBodyAsync(again, HttpStatusCode.OK);
        }

        var baseUrl = $"/api/v1/projects/{server.Project}/snapshots/{uuid}/attachments";
        Assert.Equal("first"u8.ToArray(), await DownloadAsync(baseUrl + "/a.txt", "text/plain"));
        Assert.Equal("new"u8.ToArray(), await DownloadAsync(baseUrl + "/b.txt", "text/plain"));
    }

    [Fact]
    public async Task AnAttachmentOverItsLimit_Gets413_AndNothingIsStored()
    {
        var uuid = Guid.NewGuid();
        var big = new byte[ServerFixture.MaxAttachmentBytes + 1];

        using var response = await PostAsync("/post", Form(uuid,
            ("attachment_small.txt", "small.txt", "text/plain", "ok"u8.ToArray()), ("attachment_big.bin", "big.bin", null, big)));

        await ProblemAssert.IsProblemAsync(response, 413, "attachment-too-large",
            $"attachment 'big.bin' is {big.Length} bytes, over the limit of {ServerFixture.MaxAttachmentBytes}; nothing was stored");
        await AssertNothingStoredAsync(uuid);
    }

    [Fact]
    public async Task TooManyAttachments_Get413_AndNothingIsStored()
    {
        var uuid = Guid.NewGuid();
        var parts = Enumerable.Range(0, ServerFixture.MaxAttachments + 1)
            .Select(i => ($"attachment_f{i}.txt", $"f{i}.txt", (string?)"text/plain", new[] { (byte)'x' }))
            .ToArray();

        using var response = await PostAsync("/post", Form(uuid, parts));

        await ProblemAssert.IsProblemAsync(response, 413, "too-many-attachments", $"at most {ServerFixture.MaxAttachments} attachments");
        await AssertNothingStoredAsync(uuid);
    }

    [Theory]
    [InlineData("attachment_..", "'..' is not an attachment name")]
    [InlineData("attachment_a\\b", "no '/' or '\\'")]
    [InlineData("attachment_a\u0001b", "no control characters")]
    public async Task BadAttachmentNames_Get400_AndNothingIsStored(string partName, string detail)
    {
        var uuid = Guid.NewGuid();

        using var response = await PostAsync("/post", Form(uuid, (partName, "x", "text/plain", "x"u8.ToArray())));

        await ProblemAssert.IsProblemAsync(response, 400, "invalid-body", detail);
        await AssertNothingStoredAsync(uuid);
    }

    [Fact]
    public async Task ALongAttachmentName_Gets400()
    {
        var uuid = Guid.NewGuid();

        using var response = await PostAsync("/post", Form(uuid, ("attachment_" + new string('n', 101), "n", null, "x"u8.ToArray())));

        await ProblemAssert.IsProblemAsync(response, 400, "invalid-body", "an attachment name is at most 100 characters, not 101");
        await AssertNothingStoredAsync(uuid);
    }

    [Fact]
    public async Task TwoAttachmentsOfOneName_Get400()
    {
        var uuid = Guid.NewGuid();

        using var response = await PostAsync("/post", Form(uuid,
            ("attachment_same.txt", "same.txt", null, "1"u8.ToArray()), ("attachment_same.txt", "same.txt", null, "2"u8.ToArray())));

        await ProblemAssert.IsProblemAsync(response, 400, "invalid-body", "attachment 'same.txt': two attachments have this name");
        await AssertNothingStoredAsync(uuid);
    }

    [Fact]
    public async Task AnInvalidReportWithAttachments_Gets400_AndStoresNoAttachment()
    {
        var uuid = Guid.NewGuid();
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent($"{{\"uuid\":\"{uuid:D}\"}}", Encoding.UTF8, "application/json"), "upload_file", "upload_file.json");
        form.Add(new ByteArrayContent("log"u8.ToArray()), "attachment_app.log", "app.log");

        using var response = await PostAsync("/post", form);

        await ProblemAssert.IsProblemAsync(response, 400, "invalid-snapshot", "$.timestamp: required");
        await AssertNothingStoredAsync(uuid);
    }

    [Fact]
    public async Task Attachments_NeedAReadTokenOfTheSnapshotsProject()
    {
        var uuid = Guid.NewGuid();
        using (var submitted = await PostAsync("/post", Form(uuid, ("attachment_secret.txt", "secret.txt", "text/plain", "s3cr3t"u8.ToArray()))))
        {
            await Api.JsonBodyAsync(submitted, HttpStatusCode.OK);
        }

        using var issue = await _client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{server.Project}/tokens", server.AdminToken,
            new StringContent("{\"name\":\"uploader\",\"scopes\":[\"submit\"]}", Encoding.UTF8, "application/json"));
        var submitOnly = (await Api.JsonBodyAsync(issue, HttpStatusCode.Created)).GetProperty("secret").GetString()!;
        var path = $"/api/v1/projects/{server.Project}/snapshots/{uuid}/attachments";

        using var listWithSubmit = await _client.SendAsync(HttpMethod.Get, path, submitOnly);
        using var getWithSubmit = await _client.SendAsync(HttpMethod.Get, path + "/secret.txt", submitOnly);
        using var withoutToken = await _client.SendAsync(HttpMethod.Get, path + "/secret.txt", token: null);
        using var otherProject = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/other/snapshots/{uuid}/attachments/secret.txt", server.Token);
        using var missingName = await _client.SendAsync(HttpMethod.Get, path + "/nope.txt", server.Token);
        using var missingSnapshot = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/snapshots/{Guid.NewGuid()}/attachments", server.Token);
        using var badUuid = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/snapshots/not-a-uuid/attachments", server.Token);

        await ProblemAssert.IsProblemAsync(listWithSubmit, 403, "missing-scope", "'read' scope");
        await ProblemAssert.IsProblemAsync(getWithSubmit, 403, "missing-scope", "'read' scope");
        await ProblemAssert.IsProblemAsync(withoutToken, 401, "missing-token");
        await ProblemAssert.IsProblemAsync(otherProject, 404, "project-not-found");
        await ProblemAssert.IsProblemAsync(missingName, 404, "attachment-not-found", "has no attachment 'nope.txt'");
        await ProblemAssert.IsProblemAsync(missingSnapshot, 404, "snapshot-not-found");
        await ProblemAssert.IsProblemAsync(badUuid, 400, "invalid-parameter", "uuid: 'not-a-uuid' is not a uuid");
    }

    [Fact]
    public async Task AFileUploadedAfterTheReport_JoinsItsAttachments()
    {
        var uuid = Guid.NewGuid();
        using (var report = await PostAsync("/post", Form(uuid, ("attachment_first.txt", "first.txt", "text/plain", "1"u8.ToArray()))))
        {
            await Api.JsonBodyAsync(report, HttpStatusCode.OK);
        }

        var upload = new ByteArrayContent("late log line\n"u8.ToArray());
        upload.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var response = await PostAsync($"/post?object={uuid}&attachment_name=late%20log.txt&", upload);

        Assert.Equal(uuid.ToString("D"), (await Api.JsonBodyAsync(response, HttpStatusCode.OK)).GetProperty("_rxid").GetString());
        var list = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/snapshots/{uuid}/attachments", server.Token);
        Assert.Equal(["first.txt", "late log.txt"], list.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("late log line\n"u8.ToArray(), await DownloadAsync(list.GetProperty("attachments")[1].GetProperty("url").GetString()!, "text/plain"));
    }

    [Fact]
    public async Task BadFileUploads_GetPreciseProblems_AndStoreNothing()
    {
        var uuid = Guid.NewGuid();
        using (var report = await PostAsync("/post", Form(uuid, [.. Enumerable.Range(0, ServerFixture.MaxAttachments).Select(i => ($"attachment_{i}.txt", $"{i}.txt", (string?)null, new[] { (byte)'x' }))])))
        {
            await Api.JsonBodyAsync(report, HttpStatusCode.OK);
        }

        async Task ExpectAsync(string query, byte[] body, int status, string code, string detail)
        {
            using var response = await PostAsync($"/post?{query}&", new ByteArrayContent(body));
            await ProblemAssert.IsProblemAsync(response, status, code, detail);
        }

        await ExpectAsync("attachment_name=a.txt", "x"u8.ToArray(), 400, "invalid-parameter", "object: give once the _rxid");
        await ExpectAsync($"object=nope&attachment_name=a.txt", "x"u8.ToArray(), 400, "invalid-parameter", "object: give once the _rxid");
        await ExpectAsync($"object={uuid}", "x"u8.ToArray(), 400, "invalid-parameter", "attachment_name: an attachment name must not be empty");
        await ExpectAsync($"object={uuid}&attachment_name=..", "x"u8.ToArray(), 400, "invalid-parameter", "'..' is not an attachment name");
        await ExpectAsync($"object={Guid.NewGuid()}&attachment_name=a.txt", "x"u8.ToArray(), 404, "snapshot-not-found", "has no snapshot");
        await ExpectAsync($"object={uuid}&attachment_name=big.bin", new byte[ServerFixture.MaxAttachmentBytes + 1], 413, "attachment-too-large", "attachment 'big.bin' is");
        await ExpectAsync($"object={uuid}&attachment_name=one-more.txt", "x"u8.ToArray(), 413, "too-many-attachments", $"at most {ServerFixture.MaxAttachments} attachments");
        var list = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/snapshots/{uuid}/attachments", server.Token);
        Assert.Equal(ServerFixture.MaxAttachments, list.GetProperty("attachments").GetArrayLength());
    }

    [Fact]
    public async Task ASnapshotWithoutAttachments_ListsNone()
    {
        var uuid = Guid.NewGuid();
        using (var submitted = await _client.PostSnapshotAsync(server.Project, server.Token, TestSnapshots.Native(uuid, "no_attachments")))
        {
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        }

        var list = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/snapshots/{uuid}/attachments", server.Token);

        Assert.Equal(0, list.GetProperty("attachments").GetArrayLength());
    }

    private async Task AssertNothingStoredAsync(Guid uuid)
    {
        using var snapshot = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/snapshots/{uuid}", server.Token);
        await ProblemAssert.IsProblemAsync(snapshot, 404, "snapshot-not-found");
        using var attachment = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/snapshots/{uuid}/attachments/small.txt", server.Token);
        await ProblemAssert.IsProblemAsync(attachment, 404, "attachment-not-found");
    }

    private async Task<byte[]> DownloadAsync(string url, string contentType)
    {
        using var response = await _client.SendAsync(HttpMethod.Get, url, server.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>A multipart body written byte for byte as the Backtrace Node.js client writes it (raw UTF-8 names, which
    /// <see cref="MultipartFormDataContent"/> would MIME-encode), with the report first.</summary>
    private static ByteArrayContent Form(Guid uuid, params (string Part, string FileName, string? ContentType, byte[] Content)[] files)
    {
        var boundary = "----backtrace-test-" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        void Part(string name, string fileName, string? contentType, byte[] content)
        {
            var type = contentType is null ? "" : $"Content-Type: {contentType}\r\n";
            body.Write(Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\n{type}\r\n"));
            body.Write(content);
            body.Write("\r\n"u8);
        }

        Part("upload_file", "upload_file.json", "application/json", TestSnapshots.Report(uuid, "attached_" + uuid.ToString("N")));
        foreach (var (part, fileName, contentType, content) in files)
        {
            Part(part, fileName, contentType, content);
        }

        body.Write(Encoding.UTF8.GetBytes($"--{boundary}--\r\n"));
        var form = new ByteArrayContent(body.ToArray());
        form.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return form;
    }

    private Task<HttpResponseMessage> PostAsync(string endpoint, HttpContent content) =>
        _client.SendAsync(HttpMethod.Post, $"{endpoint}{(endpoint.Contains('?') ? "" : "?")}format=json&token={server.Token}", token: null, content);
}
