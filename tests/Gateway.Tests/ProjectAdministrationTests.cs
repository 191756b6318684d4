using System.Net;
using System.Text;
using System.Text.Json;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>
/// Creating projects and managing their tokens over HTTP: the server's admin token creates a project and gets
/// that project's first admin token, which issues and revokes the project's own tokens. No token ever reaches
/// another project.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class ProjectAdministrationTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task TheServerAdmin_CreatesAProject_WhoseAdminTokenIssuesWorkingScopedTokens()
    {
        var name = NewName();

        var created = await CreateAsync(name, server.AdminToken, displayName: "Web shop");
        var adminToken = created.GetProperty("admin_token").GetProperty("secret").GetString()!;
        var submitToken = await IssueAsync(name, adminToken, "ci", "submit");
        var readToken = await IssueAsync(name, adminToken, "dashboard", "read");

        Assert.Equal(name, created.GetProperty("project").GetProperty("name").GetString());
        Assert.Equal("Web shop", created.GetProperty("project").GetProperty("display_name").GetString());
        Assert.Equal(["submit", "read", "admin"], created.GetProperty("admin_token").GetProperty("token").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        using var submitted = await _client.PostSnapshotAsync(name, submitToken, TestSnapshots.Native(Guid.NewGuid(), "new_project_" + name.Replace('-', '_')));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var groups = await _client.GetJsonAsync($"/api/v1/projects/{name}/groups", readToken);
        Assert.Equal(1, groups.GetProperty("total").GetInt64());
        var projects = await _client.GetJsonAsync("/api/v1/projects", readToken);
        var listed = Assert.Single(projects.GetProperty("projects").EnumerateArray());
        Assert.Equal((name, 1L), (listed.GetProperty("name").GetString(), listed.GetProperty("snapshot_count").GetInt64()));
        var project = await _client.GetJsonAsync($"/api/v1/projects/{name}", readToken);
        Assert.Equal(1L, project.GetProperty("group_count").GetInt64());
    }

    [Fact]
    public async Task TokensNeverReachAnotherProject_InEitherDirection()
    {
        var name = NewName();
        var created = await CreateAsync(name, server.AdminToken);
        var otherAdmin = created.GetProperty("admin_token").GetProperty("secret").GetString()!;
        var uuid = Guid.NewGuid();
        using (var submitted = await _client.PostSnapshotAsync(server.Project, server.Token, TestSnapshots.Native(uuid, "isolated_" + uuid.ToString("N"))))
        {
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        }

        // The new project's admin token, with every scope, against the default project ...
        using var readOther = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/groups", otherAdmin);
        using var snapshotOther = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/snapshots/{uuid}", otherAdmin);
        using var tokensOther = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/tokens", otherAdmin);
        using var submitOther = await _client.PostSnapshotAsync(server.Project, otherAdmin, TestSnapshots.Native(Guid.NewGuid(), "f"));

        // ... and the server's admin token, which created the project, against the new one.
        using var readNew = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{name}/groups", server.AdminToken);
        using var issueNew = await _client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{name}/tokens", server.AdminToken, Json("{\"name\":\"x\",\"scopes\":[\"read\"]}"));

        foreach (var response in new[] { readOther, snapshotOther, tokensOther, submitOther, readNew, issueNew })
        {
            await ProblemAssert.IsProblemAsync(response, 404, "project-not-found", "does not exist or is not reachable with this token");
        }

        var projects = await _client.GetJsonAsync("/api/v1/projects", otherAdmin);
        Assert.Equal([name], projects.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task RevokingATokenOfOneProject_LeavesTheOtherProjectsTokensWorking()
    {
        var name = NewName();
        var admin = (await CreateAsync(name, server.AdminToken)).GetProperty("admin_token").GetProperty("secret").GetString()!;
        using var issue = await _client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{name}/tokens", admin, Json("{\"name\":\"ci\",\"scopes\":[\"submit\",\"read\"]}"));
        var issued = await Api.JsonBodyAsync(issue, HttpStatusCode.Created);
        var id = issued.GetProperty("token").GetProperty("id").GetString()!;

        using var revokeFromDefault = await _client.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{server.Project}/tokens/{id}", server.AdminToken);
        await ProblemAssert.IsProblemAsync(revokeFromDefault, 404, "token-not-found", $"has no token '{id}'");
        using var stillWorks = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{name}/groups", issued.GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);

        using var revoke = await _client.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{name}/tokens/{id}", admin);
        using var again = await _client.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{name}/tokens/{id}", admin);
        using var stopped = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{name}/groups", issued.GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await ProblemAssert.IsProblemAsync(again, 404, "token-not-found");
        await ProblemAssert.IsProblemAsync(stopped, 401, "invalid-token");
        var list = await _client.GetJsonAsync($"/api/v1/projects/{name}/tokens", admin);
        Assert.DoesNotContain(list.GetProperty("tokens").EnumerateArray(), t => t.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task CreatingAProjectTwice_Gets409_AndKeepsTheFirst()
    {
        var name = NewName();
        await CreateAsync(name, server.AdminToken, displayName: "First");

        using var second = await _client.SendAsync(HttpMethod.Post, "/api/v1/projects", server.AdminToken, Json($"{{\"name\":\"{name}\",\"display_name\":\"Second\"}}"));

        await ProblemAssert.IsProblemAsync(second, 409, "project-exists", $"project '{name}' already exists");
    }

    [Fact]
    public async Task OnlyTheServersAdminTokens_CreateProjects()
    {
        var body = $"{{\"name\":\"{NewName()}\"}}";
        var otherAdmin = (await CreateAsync(NewName(), server.AdminToken)).GetProperty("admin_token").GetProperty("secret").GetString()!;

        using var withSubmitRead = await _client.SendAsync(HttpMethod.Post, "/api/v1/projects", server.Token, Json(body));
        using var withOtherProjectsAdmin = await _client.SendAsync(HttpMethod.Post, "/api/v1/projects", otherAdmin, Json(body));
        using var withoutToken = await _client.SendAsync(HttpMethod.Post, "/api/v1/projects", token: null, Json(body));

        await ProblemAssert.IsProblemAsync(withSubmitRead, 403, "missing-scope", "'admin' scope");
        await ProblemAssert.IsProblemAsync(withOtherProjectsAdmin, 403, "server-admin-required", $"the server's default project '{server.Project}'");
        await ProblemAssert.IsProblemAsync(withoutToken, 401, "missing-token");
    }

    [Theory]
    [InlineData("{\"name\":\"Upper\"}", "$.name: a project name starts with a lower-case letter or a digit, not 'U'")]
    [InlineData("{\"name\":\"a/b\"}", "$.name: a project name holds only a-z, 0-9, '-', '_' and '.', not '/'")]
    [InlineData("{\"name\":\"\"}", "$.name: a project name must not be empty")]
    [InlineData("{\"display_name\":\"x\"}", "$.name: required")]
    [InlineData("{\"name\":7}", "$.name: expected a JSON object")]
    [InlineData("{\"name\":\"ok-name\",\"display_name\":\"\"}", "$.display_name: a display name is 1 to 100 printable characters")]
    [InlineData("{\"name\":", "expected a JSON object")]
    [InlineData("null", "not null")]
    public async Task BadProjectRequests_Get400_AndCreateNothing(string body, string detail)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/projects", server.AdminToken, Json(body));

        await ProblemAssert.IsProblemAsync(response, 400, "invalid-body", detail);
    }

    [Fact]
    public async Task ARejectedProjectRequest_CreatesNothing()
    {
        var name = NewName();
        using var rejected = await _client.SendAsync(HttpMethod.Post, "/api/v1/projects", server.AdminToken,
            Json($"{{\"name\":\"{name}\",\"display_name\":\"{new string('d', 101)}\"}}"));
        await ProblemAssert.IsProblemAsync(rejected, 400, "invalid-body", "$.display_name");

        var created = await CreateAsync(name, server.AdminToken);

        Assert.Equal(name, created.GetProperty("project").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ALongName_Gets400()
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/projects", server.AdminToken, Json($"{{\"name\":\"{new string('a', 65)}\"}}"));

        await ProblemAssert.IsProblemAsync(response, 400, "invalid-body", "$.name: a project name is at most 64 characters, not 65");
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"scopes\":[]}", 400, "invalid-body", "$.scopes: a token needs at least one scope")]
    [InlineData("{\"name\":\"x\",\"scopes\":\"read\"}", 400, "invalid-body", "$.scopes: expected a JSON object")]
    [InlineData("{\"name\":\"\",\"scopes\":[\"read\"]}", 400, "invalid-request", "token.name: a token name is 1 to 100 printable characters")]
    [InlineData("{\"name\":\"a\\u0007b\",\"scopes\":[\"read\"]}", 400, "invalid-request", "token.name")]
    public async Task BadTokenRequests_GetPrecise400s(string body, int status, string code, string detail)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{server.Project}/tokens", server.AdminToken, Json(body));

        await ProblemAssert.IsProblemAsync(response, status, code, detail);
    }

    [Fact]
    public async Task ATokenRequestOverTheSizeBound_Gets413()
    {
        var body = $"{{\"name\":\"{new string('x', 70 * 1024)}\",\"scopes\":[\"read\"]}}";

        using var response = await _client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{server.Project}/tokens", server.AdminToken, Json(body));

        await ProblemAssert.IsProblemAsync(response, 413, "body-too-large", "a token request is at most 65536 bytes");
    }

    private static string NewName() => "p-" + Guid.NewGuid().ToString("N")[..12];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<JsonElement> CreateAsync(string name, string token, string? displayName = null)
    {
        var body = displayName is null
            ? JsonSerializer.Serialize(new { name })
            : JsonSerializer.Serialize(new { name, display_name = displayName });
        using var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/projects", token, Json(body));
        var created = await Api.JsonBodyAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/v1/projects/{name}", response.Headers.Location?.OriginalString);
        return created;
    }

    private async Task<string> IssueAsync(string project, string adminToken, string name, string scope)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/tokens", adminToken,
            Json($"{{\"name\":\"{name}\",\"scopes\":[\"{scope}\"]}}"));
        return (await Api.JsonBodyAsync(response, HttpStatusCode.Created)).GetProperty("secret").GetString()!;
    }
}
