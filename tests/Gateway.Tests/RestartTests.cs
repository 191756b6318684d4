using System.Net;
using System.Text.Json;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>Killing the server (SIGKILL, no shutdown) and starting it again on the same data directory loses
/// nothing that was acknowledged: groups, counters, states, snapshots, attachments, projects and tokens.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _dataDirectory = ServerOptions.NewDataDirectory();

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task AfterAKill_GroupsCountersStatesAndSnapshotsSurvive()
    {
        var options = new ServerOptions { DataDirectory = _dataDirectory, Project = "restart" };
        var resolvedStack = "resolved_" + Guid.NewGuid().ToString("N");
        var workingStack = "working_" + Guid.NewGuid().ToString("N");
        var first = Guid.NewGuid();
        string resolvedGroup, workingGroup;
        byte[] firstBody;
        JsonElement groupsBefore;

        await using (var server = await ServerProcess.StartAsync(options))
        {
            using var client = server.CreateClient();
            firstBody = TestSnapshots.Native(first, resolvedStack, "main");
            resolvedGroup = await SubmitAsync(client, options, firstBody);
            await SubmitAsync(client, options, TestSnapshots.Native(Guid.NewGuid(), resolvedStack, "main"));
            await SubmitAsync(client, options, TestSnapshots.Native(Guid.NewGuid(), resolvedStack, "main"));
            workingGroup = await SubmitAsync(client, options, TestSnapshots.Native(Guid.NewGuid(), workingStack, "main"));
            using var report = await client.SendAsync(HttpMethod.Post, $"/post?format=json&token={options.Token}", null,
                new ByteArrayContent(TestSnapshots.Report(Guid.NewGuid(), "report_" + Guid.NewGuid().ToString("N"))));
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            using var resolve = await client.PutStateAsync(options.Project, resolvedGroup, options.AdminToken, "resolved");
            using var progress = await client.PutStateAsync(options.Project, workingGroup, options.AdminToken, "in_progress");
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
            Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
            groupsBefore = await client.GetJsonAsync($"/api/v1/projects/{options.Project}/groups?sort=count", options.Token);
            server.Kill();
        }

        await using (var server = await ServerProcess.StartAsync(options))
        {
            using var client = server.CreateClient();
            var groupsAfter = await client.GetJsonAsync($"/api/v1/projects/{options.Project}/groups?sort=count", options.Token);
            Assert.Equal(Summarize(groupsBefore), Summarize(groupsAfter));
            Assert.Equal(3, groupsAfter.GetProperty("total").GetInt64());

            var resolved = await client.GetJsonAsync($"/api/v1/projects/{options.Project}/groups/{resolvedGroup}", options.Token);
            Assert.Equal((3, "resolved"), (resolved.GetProperty("count").GetInt64(), resolved.GetProperty("state").GetString()));
            Assert.Equal(3, resolved.GetProperty("recent_snapshots").GetArrayLength());
            var working = await client.GetJsonAsync($"/api/v1/projects/{options.Project}/groups/{workingGroup}", options.Token);
            Assert.Equal("in_progress", working.GetProperty("state").GetString());

            using var download = await client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{options.Project}/snapshots/{first}", options.Token);
            Assert.Equal(firstBody, await download.Content.ReadAsByteArrayAsync());

            // Still idempotent across the restart, and still detecting regressions.
            using var again = await client.PostSnapshotAsync(options.Project, options.Token, firstBody);
            Assert.True((await Api.JsonBodyAsync(again, HttpStatusCode.OK)).GetProperty("duplicate").GetBoolean());
            using var regression = await client.PostSnapshotAsync(options.Project, options.Token, TestSnapshots.Native(Guid.NewGuid(), resolvedStack, "main"));
            var regressed = await Api.JsonBodyAsync(regression, HttpStatusCode.Created);
            Assert.True(regressed.GetProperty("regressed").GetBoolean());
            Assert.Equal(4, regressed.GetProperty("group_count").GetInt64());
        }
    }

    [Fact]
    public async Task AfterAKill_CreatedProjectsTheirTokensAndAttachmentsSurvive()
    {
        var options = new ServerOptions { DataDirectory = _dataDirectory, Project = "operators" };
        var uuid = Guid.NewGuid();
        var log = "worker 3 exited\n"u8.ToArray();
        string webAdmin, webSubmit;
        await using (var server = await ServerProcess.StartAsync(options))
        {
            using var client = server.CreateClient();
            using var create = await client.SendAsync(HttpMethod.Post, "/api/v1/projects", options.AdminToken,
                new StringContent("{\"name\":\"web\"}", System.Text.Encoding.UTF8, "application/json"));
            webAdmin = (await Api.JsonBodyAsync(create, HttpStatusCode.Created)).GetProperty("admin_token").GetProperty("secret").GetString()!;
            using var issue = await client.SendAsync(HttpMethod.Post, "/api/v1/projects/web/tokens", webAdmin,
                new StringContent("{\"name\":\"ci\",\"scopes\":[\"submit\"]}", System.Text.Encoding.UTF8, "application/json"));
            webSubmit = (await Api.JsonBodyAsync(issue, HttpStatusCode.Created)).GetProperty("secret").GetString()!;

            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(TestSnapshots.Report(uuid, "web_crash")), "upload_file", "upload_file.json" },
                { new ByteArrayContent(log), "attachment_worker.log", "worker.log" },
            };
            using var submit = await client.SendAsync(HttpMethod.Post, $"/api/post?format=json&token={webSubmit}", null, form);
            Assert.Equal(uuid.ToString("D"), (await Api.JsonBodyAsync(submit, HttpStatusCode.OK)).GetProperty("_rxid").GetString());
            server.Kill();
        }

        await using (var server = await ServerProcess.StartAsync(options))
        {
            using var client = server.CreateClient();
            var project = await client.GetJsonAsync("/api/v1/projects/web", webAdmin);
            Assert.Equal((1L, 1L), (project.GetProperty("group_count").GetInt64(), project.GetProperty("snapshot_count").GetInt64()));
            using var download = await client.SendAsync(HttpMethod.Get, $"/api/v1/projects/web/snapshots/{uuid}/attachments/worker.log", webAdmin);
            Assert.Equal(log, await download.Content.ReadAsByteArrayAsync());
            using var stillSubmits = await client.PostSnapshotAsync("web", webSubmit, TestSnapshots.Native(Guid.NewGuid(), "web_crash_2"));
            Assert.Equal(HttpStatusCode.Created, stillSubmits.StatusCode);
            using var again = await client.SendAsync(HttpMethod.Post, "/api/v1/projects", options.AdminToken,
                new StringContent("{\"name\":\"web\"}", System.Text.Encoding.UTF8, "application/json"));
            await ProblemAssert.IsProblemAsync(again, 409, "project-exists");
        }
    }

    [Fact]
    public async Task TwoProjects_EachTokenReachesOnlyItsOwn()
    {
        var alpha = new ServerOptions { DataDirectory = _dataDirectory, Project = "alpha" };
        var beta = new ServerOptions { DataDirectory = _dataDirectory, Project = "beta" };
        var alphaSnapshot = Guid.NewGuid();
        string alphaGroup;
        await using (var server = await ServerProcess.StartAsync(alpha))
        {
            using var client = server.CreateClient();
            alphaGroup = await SubmitAsync(client, alpha, TestSnapshots.Native(alphaSnapshot, "alpha_only"));
        }

        // The same data directory with another default project: alpha and its tokens are still there.
        await using (var server = await ServerProcess.StartAsync(beta))
        {
            using var client = server.CreateClient();
            await SubmitAsync(client, beta, TestSnapshots.Native(Guid.NewGuid(), "beta_only"));

            var betaProjects = await client.GetJsonAsync("/api/v1/projects", beta.Token);
            Assert.Equal(["beta"], betaProjects.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
            Assert.Equal(1, (await client.GetJsonAsync("/api/v1/projects/alpha/groups", alpha.Token)).GetProperty("total").GetInt64());

            foreach (var (method, path) in new[]
            {
                (HttpMethod.Get, "/api/v1/projects/alpha/groups"),
                (HttpMethod.Get, $"/api/v1/projects/alpha/groups/{alphaGroup}"),
                (HttpMethod.Get, $"/api/v1/projects/alpha/snapshots/{alphaSnapshot}"),
                (HttpMethod.Get, "/api/v1/projects/alpha/tokens"),
            })
            {
                using var response = await client.SendAsync(method, path, beta.AdminToken);
                await ProblemAssert.IsProblemAsync(response, 404, "project-not-found", "project 'alpha' does not exist or is not reachable with this token");
            }

            using var submit = await client.PostSnapshotAsync("alpha", beta.Token, TestSnapshots.Native(Guid.NewGuid(), "f"));
            using var state = await client.PutStateAsync("alpha", alphaGroup, beta.AdminToken, "resolved");
            using var reverse = await client.SendAsync(HttpMethod.Get, "/api/v1/projects/beta/groups", alpha.Token);
            await ProblemAssert.IsProblemAsync(submit, 404, "project-not-found");
            await ProblemAssert.IsProblemAsync(state, 404, "project-not-found");
            await ProblemAssert.IsProblemAsync(reverse, 404, "project-not-found");
        }
    }

    private static async Task<string> SubmitAsync(HttpClient client, ServerOptions options, byte[] body)
    {
        using var response = await client.PostSnapshotAsync(options.Project, options.Token, body);
        return (await Api.JsonBodyAsync(response, HttpStatusCode.Created)).GetProperty("fingerprint").GetString()!;
    }

    private static List<string> Summarize(JsonElement page) =>
        [.. page.GetProperty("groups").EnumerateArray().Select(g =>
            $"{g.GetProperty("fingerprint").GetString()} {g.GetProperty("count").GetInt64()} {g.GetProperty("state").GetString()} {g.GetProperty("last_seen").GetDateTimeOffset():O}")];
}
