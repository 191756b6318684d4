using System.Net;
using System.Text;
using System.Text.Json;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>Tokens carry scopes and belong to one project; the server enforces both on every request.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class TokenScopeTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    private string Groups => $"/api/v1/projects/{server.Project}/groups";

    [Fact]
    public async Task RequestsWithoutAToken_Get401()
    {
        using var submit = await _client.PostSnapshotAsync(server.Project, token: null, TestSnapshots.Native(Guid.NewGuid(), "f"));
        using var read = await _client.SendAsync(HttpMethod.Get, Groups, token: null);

        await ProblemAssert.IsProblemAsync(submit, 401, "missing-token", "Authorization: Bearer");
        await ProblemAssert.IsProblemAsync(read, 401, "missing-token");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("well-formed-but-never-issued-0123456789")]
    public async Task UnknownTokens_Get401(string token)
    {
        using var response = await _client.SendAsync(HttpMethod.Get, Groups, token);

        await ProblemAssert.IsProblemAsync(response, 401, "invalid-token", "the token is not valid");
    }

    [Fact]
    public async Task ASubmitToken_CanSubmitButCannotRead()
    {
        var submitOnly = await IssueAsync("submit only", "submit");

        using var submit = await _client.PostSnapshotAsync(server.Project, submitOnly, TestSnapshots.Native(Guid.NewGuid(), "scoped_submit"));
        using var groups = await _client.SendAsync(HttpMethod.Get, Groups, submitOnly);
        using var projects = await _client.SendAsync(HttpMethod.Get, "/api/v1/projects", submitOnly);

        Assert.Equal(HttpStatusCode.Created, submit.StatusCode);
        await ProblemAssert.IsProblemAsync(groups, 403, "missing-scope", "the token does not have the 'read' scope");
        await ProblemAssert.IsProblemAsync(projects, 403, "missing-scope");
    }

    [Fact]
    public async Task AReadToken_CanReadButCannotSubmitOrChangeStates()
    {
        var readOnly = await IssueAsync("read only", "read");
        var fingerprint = await SubmitAsync("scoped_read");

        using var groups = await _client.SendAsync(HttpMethod.Get, Groups, readOnly);
        using var submit = await _client.PostSnapshotAsync(server.Project, readOnly, TestSnapshots.Native(Guid.NewGuid(), "f"));
        using var state = await _client.PutStateAsync(server.Project, fingerprint, readOnly, "resolved");

        Assert.Equal(HttpStatusCode.OK, groups.StatusCode);
        await ProblemAssert.IsProblemAsync(submit, 403, "missing-scope", "'submit' scope");
        await ProblemAssert.IsProblemAsync(state, 403, "missing-scope", "'admin' scope");
    }

    [Fact]
    public async Task ChangingAState_NeedsTheAdminScope()
    {
        var fingerprint = await SubmitAsync("scoped_state");

        using var denied = await _client.PutStateAsync(server.Project, fingerprint, server.Token, "muted");
        using var allowed = await _client.PutStateAsync(server.Project, fingerprint, server.AdminToken, "muted");

        await ProblemAssert.IsProblemAsync(denied, 403, "missing-scope", "'admin' scope");
        var group = await Api.JsonBodyAsync(allowed, HttpStatusCode.OK);
        Assert.Equal("muted", group.GetProperty("state").GetString());
    }

    [Fact]
    public async Task ARevokedToken_StopsWorkingAtOnce()
    {
        using var issue = await _client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{server.Project}/tokens", server.AdminToken,
            new StringContent("{\"name\":\"short-lived\",\"scopes\":[\"read\"]}", Encoding.UTF8, "application/json"));
        var issued = await Api.JsonBodyAsync(issue, HttpStatusCode.Created);
        var secret = issued.GetProperty("secret").GetString()!;
        var id = issued.GetProperty("token").GetProperty("id").GetString()!;
        using var before = await _client.SendAsync(HttpMethod.Get, Groups, secret);

        using var revoke = await _client.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{server.Project}/tokens/{id}", server.AdminToken);
        using var after = await _client.SendAsync(HttpMethod.Get, Groups, secret);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await ProblemAssert.IsProblemAsync(after, 401, "invalid-token");
    }

    [Fact]
    public async Task TokenLists_NeverShowSecrets()
    {
        var list = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/tokens", server.AdminToken);
        var text = list.GetRawText();

        Assert.Contains(list.GetProperty("tokens").EnumerateArray(), t => t.GetProperty("name").GetString() == "admin");
        Assert.DoesNotContain(server.Token, text);
        Assert.DoesNotContain(server.AdminToken, text);
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"root\"]}", "$.scopes[0]: 'root' is not a scope")]
    [InlineData("{\"name\":\"x\"}", "$.scopes: required")]
    [InlineData("{\"scopes\":[\"read\"]}", "$.name: required")]
    [InlineData("[1]", "expected a JSON object")]
    public async Task BadTokenRequests_Get400(string body, string detail)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{server.Project}/tokens", server.AdminToken,
            new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, 400, "invalid-body", detail);
    }

    private async Task<string> IssueAsync(string name, string scope)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{server.Project}/tokens", server.AdminToken,
            new StringContent($"{{\"name\":\"{name}\",\"scopes\":[\"{scope}\"]}}", Encoding.UTF8, "application/json"));
        var issued = await Api.JsonBodyAsync(response, HttpStatusCode.Created);
        Assert.Equal([scope], issued.GetProperty("token").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        return issued.GetProperty("secret").GetString()!;
    }

    private async Task<string> SubmitAsync(string function)
    {
        using var response = await _client.PostSnapshotAsync(server.Project, server.Token, TestSnapshots.Native(Guid.NewGuid(), function + Guid.NewGuid().ToString("N")));
        return (await Api.JsonBodyAsync(response, HttpStatusCode.Created)).GetProperty("fingerprint").GetString()!;
    }
}
