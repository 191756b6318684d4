using System.Net;
using System.Text;
using System.Text.Json;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>The read API: projects, group lists (sort, filter, paging), one group, one snapshot, state changes.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class ReadApiTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    private string Groups => $"/api/v1/projects/{server.Project}/groups";

    [Fact]
    public async Task Projects_ListTheTokensProjectWithItsTotals()
    {
        await SubmitAsync(Guid.NewGuid(), "projects_" + Guid.NewGuid().ToString("N"));

        var list = await _client.GetJsonAsync("/api/v1/projects", server.Token);

        var project = Assert.Single(list.GetProperty("projects").EnumerateArray());
        Assert.Equal(server.Project, project.GetProperty("name").GetString());
        Assert.True(project.GetProperty("group_count").GetInt64() >= 1);
        Assert.True(project.GetProperty("snapshot_count").GetInt64() >= 1);
        Assert.Equal($"/api/v1/projects/{server.Project}/groups", project.GetProperty("groups_url").GetString());
    }

    [Fact]
    public async Task Groups_SortByCountOrLastSeen_FilterByState_AndPage()
    {
        var busy = "busy_" + Guid.NewGuid().ToString("N");
        var quiet = "quiet_" + Guid.NewGuid().ToString("N");
        var busyFingerprint = await SubmitAsync(Guid.NewGuid(), busy);
        await SubmitAsync(Guid.NewGuid(), busy);
        await SubmitAsync(Guid.NewGuid(), busy);
        var quietFingerprint = await SubmitAsync(Guid.NewGuid(), quiet);

        var byCount = Fingerprints(await _client.GetJsonAsync($"{Groups}?sort=count&limit=500", server.Token));
        var byLastSeen = Fingerprints(await _client.GetJsonAsync($"{Groups}?sort=last_seen&limit=500", server.Token));
        Assert.True(byCount.IndexOf(busyFingerprint) < byCount.IndexOf(quietFingerprint));
        Assert.Equal(quietFingerprint, byLastSeen[0]);

        using var resolve = await _client.PutStateAsync(server.Project, busyFingerprint, server.AdminToken, "resolved");
        Assert.Equal("resolved", (await Api.JsonBodyAsync(resolve, HttpStatusCode.OK)).GetProperty("state").GetString());
        var resolved = Fingerprints(await _client.GetJsonAsync($"{Groups}?state=resolved&limit=500", server.Token));
        var open = Fingerprints(await _client.GetJsonAsync($"{Groups}?state=open&limit=500", server.Token));
        Assert.Contains(busyFingerprint, resolved);
        Assert.DoesNotContain(quietFingerprint, resolved);
        Assert.Contains(quietFingerprint, open);
        Assert.DoesNotContain(busyFingerprint, open);

        var page = await _client.GetJsonAsync($"{Groups}?sort=last_seen&limit=1&offset=1", server.Token);
        Assert.Equal(1, page.GetProperty("limit").GetInt32());
        Assert.Equal(1, page.GetProperty("offset").GetInt32());
        Assert.Equal(byLastSeen[1], Assert.Single(Fingerprints(page)));
        Assert.Equal(byLastSeen.Count, page.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("sort=name", "sort: 'name' is not a sort order; use last_seen, count or first_seen")]
    [InlineData("state=closed", "state: 'closed' is not a state; use open, in_progress, resolved or muted")]
    [InlineData("limit=0", "limit: '0' is not a whole number from 1 to 500")]
    [InlineData("limit=501", "limit: '501' is not a whole number from 1 to 500")]
    [InlineData("limit=ten", "limit: 'ten' is not a whole number")]
    [InlineData("offset=-1", "offset: '-1' is not a whole number")]
    [InlineData("sort=count&sort=last_seen", "sort: give it once")]
    public async Task BadListParameters_Get400(string query, string detail)
    {
        using var response = await _client.SendAsync(HttpMethod.Get, $"{Groups}?{query}", server.Token);

        await ProblemAssert.IsProblemAsync(response, 400, "invalid-parameter", detail);
    }

    [Fact]
    public async Task AGroup_ShowsItsRecentSnapshotsNewestFirst_TopValues_AndActivity()
    {
        var function = "details_" + Guid.NewGuid().ToString("N");
        var older = Guid.NewGuid();
        var newer = Guid.NewGuid();
        var fingerprint = await SubmitAsync(older, function);
        await SubmitAsync(newer, function);

        var group = await Eventually.AssertAsync(async () =>
        {
            var details = await _client.GetJsonAsync($"{Groups}/{fingerprint}", server.Token);
            Assert.Equal(2, details.GetProperty("count").GetInt64());
            return details;
        });

        var recent = group.GetProperty("recent_snapshots").EnumerateArray().ToList();
        Assert.Equal([newer, older], recent.Select(s => s.GetProperty("uuid").GetGuid()));
        Assert.Equal($"/api/v1/projects/{server.Project}/snapshots/{newer}", recent[0].GetProperty("url").GetString());
        Assert.Equal(fingerprint, group.GetProperty("fingerprint").GetString());
        Assert.Contains(group.GetProperty("top_values").EnumerateArray(), t => t.GetProperty("attribute").GetString() == "datacenter");
        Assert.True(group.GetProperty("first_seen").GetDateTimeOffset() <= group.GetProperty("last_seen").GetDateTimeOffset());
        Assert.Equal(2, group.GetProperty("hourly_activity").EnumerateArray().Sum(a => a.GetProperty("count").GetInt64()));
        Assert.Equal(2, group.GetProperty("daily_activity").EnumerateArray().Sum(a => a.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task AResolvedGroupThatCrashesAgain_Regresses()
    {
        var function = "regress_" + Guid.NewGuid().ToString("N");
        var fingerprint = await SubmitAsync(Guid.NewGuid(), function);
        using var resolve = await _client.PutStateAsync(server.Project, fingerprint, server.AdminToken, "resolved");
        var resolvedAt = (await Api.JsonBodyAsync(resolve, HttpStatusCode.OK)).GetProperty("state_changed_at").GetDateTimeOffset();

        // Receipt times are kept to the millisecond, so a snapshot counts as received after the resolution from
        // the next millisecond on (the server runs on this machine's clock).
        await Eventually.AssertAsync(() => Assert.True(DateTimeOffset.UtcNow > resolvedAt.AddMilliseconds(1)));
        using var again = await _client.PostSnapshotAsync(server.Project, server.Token, TestSnapshots.Native(Guid.NewGuid(), function, "main"));
        var regressed = await Api.JsonBodyAsync(again, HttpStatusCode.Created);
        Assert.Equal(fingerprint, regressed.GetProperty("fingerprint").GetString());
        Assert.True(regressed.GetProperty("regressed").GetBoolean());

        var group = await Eventually.AssertAsync(async () =>
        {
            var details = await _client.GetJsonAsync($"{Groups}/{fingerprint}", server.Token);
            Assert.Equal("open", details.GetProperty("state").GetString());
            return details;
        });
        Assert.Equal(1, group.GetProperty("regression_count").GetInt32());
        Assert.Contains(group.GetProperty("state_history").EnumerateArray(), h => h.GetProperty("regression").GetBoolean());
    }

    [Theory]
    [InlineData("{\"state\":\"closed\"}", "$.state: 'closed' is not a state")]
    [InlineData("{}", "$.state: required")]
    [InlineData("{\"state\":", "expected a JSON object")]
    [InlineData("{\"state\":5}", "expected a JSON object")]
    public async Task BadStateChanges_Get400(string body, string detail)
    {
        var fingerprint = await SubmitAsync(Guid.NewGuid(), "state_" + Guid.NewGuid().ToString("N"));

        using var response = await _client.SendAsync(HttpMethod.Put, $"{Groups}/{fingerprint}/state", server.AdminToken,
            new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, 400, "invalid-body", detail);
    }

    [Fact]
    public async Task UnknownOrMalformedIds_Get404Or400()
    {
        using var noGroup = await _client.SendAsync(HttpMethod.Get, $"{Groups}/{new string('0', 64)}", server.Token);
        using var badGroup = await _client.SendAsync(HttpMethod.Get, $"{Groups}/not%20a%20fingerprint", server.Token);
        using var noSnapshot = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/snapshots/{Guid.NewGuid()}", server.Token);
        using var badSnapshot = await _client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{server.Project}/snapshots/12345", server.Token);
        using var noState = await _client.PutStateAsync(server.Project, new string('0', 64), server.AdminToken, "resolved");

        await ProblemAssert.IsProblemAsync(noGroup, 404, "fault-group-not-found");
        await ProblemAssert.IsProblemAsync(badGroup, 400, "invalid-parameter", "fingerprint:");
        await ProblemAssert.IsProblemAsync(noSnapshot, 404, "snapshot-not-found");
        await ProblemAssert.IsProblemAsync(badSnapshot, 400, "invalid-parameter", "uuid: '12345' is not a uuid");
        await ProblemAssert.IsProblemAsync(noState, 404, "fault-group-not-found");
    }

    private static List<string> Fingerprints(JsonElement page) =>
        [.. page.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("fingerprint").GetString()!)];

    private async Task<string> SubmitAsync(Guid uuid, string function)
    {
        using var response = await _client.PostSnapshotAsync(server.Project, server.Token, TestSnapshots.Native(uuid, function, "main"));
        return (await Api.JsonBodyAsync(response, HttpStatusCode.Created)).GetProperty("fingerprint").GetString()!;
    }
}
