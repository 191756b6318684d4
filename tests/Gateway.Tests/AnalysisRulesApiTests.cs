using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>
/// A project's Lua rules over HTTP: saving them (compiled first, so a syntax error is the administrator's 400),
/// and what they do at ingest: classifiers in the group view, a fingerprint that regroups, and the findings
/// kept beside the untouched body (<c>/analysis</c>, <c>?view=analysed</c>).
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class AnalysisRulesApiTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    private string Rules => $"/api/v1/projects/{server.Project}/analysis-rules";

    private string Snapshot(Guid uuid) => $"/api/v1/projects/{server.Project}/snapshots/{uuid}";

    [Fact]
    public async Task ARuleWithASyntaxError_IsRefusedWhenSaved_With400NamingTheRuleTheLuaErrorAndTheLine()
    {
        using var response = await PutRulesAsync(server.AdminToken, ("good", "bt.classify('fine')"), ("typo", "local a = 1\nlocal b = = 2\nbt.classify('x')\n"));

        var problem = await ProblemAssert.IsProblemAsync(response, 400, "invalid-request");
        Assert.Equal(
            "analysis_rules[1].source: rule 'typo': Lua syntax error on line 2: unexpected symbol near '='",
            problem.GetProperty("detail").GetString());
        var saved = await _client.GetJsonAsync(Rules, server.AdminToken);
        Assert.Empty(saved.GetProperty("rules").EnumerateArray());
    }

    [Fact]
    public async Task UnclosedBlocksAndBytecode_AreRefusedWhenSaved()
    {
        using var unclosed = await PutRulesAsync(server.AdminToken, ("unclosed", "bt.on('snapshot', function()\n  bt.classify('x')\n"));
        await ProblemAssert.IsProblemAsync(unclosed, 400, "invalid-request",
            "rule 'unclosed': Lua syntax error on line 3: 'end' expected (to close 'function' at line 1) near <eof>");

        using var bytecode = await PutRulesAsync(server.AdminToken, ("bytecode", "\u001bLua\u0054\u0000"));
        await ProblemAssert.IsProblemAsync(bytecode, 400, "invalid-request", "attempt to load a binary chunk (mode is 't')");
    }

    [Fact]
    public async Task SavingRules_NeedsAnAdminToken()
    {
        using var response = await PutRulesAsync(server.Token, ("fine", "bt.classify('fine')"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ARulesFingerprint_GroupsDifferentStacksTogether_AndItsFindingsAreKeptBesideTheUntouchedBody()
    {
        var group = "rule-group-" + Guid.NewGuid().ToString("N");
        var rule = $$"""
            local t = bt.faulting_thread()
            local top = t and bt.frames(t.tid)[1]
            if top and top.symbol and string.find(top.symbol, "regroup_", 1, true) == 1 then
              bt.classify("regrouped")
              bt.set_attribute("rule.top", top.symbol)
              bt.annotate("warning", "Regrouped", "grouped by rule, top frame " .. top.symbol, { thread = t.tid, frame = 0 })
              bt.add_frame(t.tid, 1, { symbol = "script_handler", file = "handler.script", line = 7 })
              bt.set_fingerprint("{{group}}")
            end
            """;
        using (var saved = await PutRulesAsync(server.AdminToken, ("regroup", rule)))
        {
            await Api.JsonBodyAsync(saved, HttpStatusCode.OK);
        }

        try
        {
            var first = Guid.NewGuid();
            var firstBody = TestSnapshots.Native(first, "regroup_parse", "serve", "main");
            var a = await SubmitAsync(firstBody);
            var b = await SubmitAsync(TestSnapshots.Native(Guid.NewGuid(), "regroup_write", "flush", "worker", "start"));
            var control = await SubmitAsync(TestSnapshots.Native(Guid.NewGuid(), "unrelated_" + Guid.NewGuid().ToString("N"), "main"));

            // Two different stacks, one group: the rule ran before fingerprinting.
            var fingerprint = a.GetProperty("fingerprint").GetString()!;
            Assert.Equal(fingerprint, b.GetProperty("fingerprint").GetString());
            Assert.NotEqual(fingerprint, control.GetProperty("fingerprint").GetString());
            Assert.Equal(2, b.GetProperty("group_count").GetInt64());
            Assert.Contains("regrouped", Strings(a.GetProperty("classifiers")));
            Assert.DoesNotContain("regrouped", Strings(control.GetProperty("classifiers")));

            var details = await _client.GetJsonAsync($"/api/v1/projects/{server.Project}/groups/{fingerprint}", server.Token);
            Assert.Equal(2, details.GetProperty("count").GetInt64());
            Assert.Contains("regrouped", Strings(details.GetProperty("classifiers")));

            // The body is what was sent; the findings are beside it.
            using (var download = await _client.SendAsync(HttpMethod.Get, Snapshot(first), server.Token))
            {
                Assert.Equal(firstBody, await download.Content.ReadAsByteArrayAsync());
            }

            var analysis = await _client.GetJsonAsync(Snapshot(first) + "/analysis", server.Token);
            Assert.Equal(["segv", "unmapped", "null-dereference", "regrouped"], Strings(analysis.GetProperty("classifiers")));
            Assert.Equal("regroup_parse", analysis.GetProperty("attributes").GetProperty("rule.top").GetString());
            Assert.Equal(1, analysis.GetProperty("attributes").GetProperty("analysis.version").GetInt32());
            Assert.Equal(group, analysis.GetProperty("fingerprint").GetString());
            var note = Assert.Single(analysis.GetProperty("annotations").EnumerateArray(), n => n.GetProperty("source").GetString() == "lua/regroup");
            Assert.Equal(("warning", "Regrouped", "grouped by rule, top frame regroup_parse"),
                (note.GetProperty("level").GetString(), note.GetProperty("name").GetString(), note.GetProperty("text").GetString()));
            var frame = Assert.Single(analysis.GetProperty("frames").EnumerateArray());
            Assert.Equal((100, 1, "script_handler"),
                (frame.GetProperty("thread").GetInt64(), frame.GetProperty("index").GetInt32(), frame.GetProperty("frame").GetProperty("function").GetString()));

            // Merged: the snapshot the server fingerprinted.
            var merged = await _client.GetJsonAsync(Snapshot(first) + "?view=analysed", server.Token);
            Assert.Equal(["segv", "unmapped", "null-dereference", "regrouped"], Strings(merged.GetProperty("classifiers")));
            Assert.Equal(group, merged.GetProperty("fingerprint").GetString());
            Assert.Equal("regroup_parse", merged.GetProperty("attributes").GetProperty("rule.top").GetString());
            Assert.Equal("test", merged.GetProperty("attributes").GetProperty("datacenter").GetString());
            Assert.Equal(["regroup_parse", "script_handler", "serve", "main"],
                merged.GetProperty("threads")[0].GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("function").GetString()!));
            Assert.Contains(merged.GetProperty("annotations").EnumerateArray(), n => n.GetProperty("name").GetString() == "Regrouped");
        }
        finally
        {
            using var reset = await PutRulesAsync(server.AdminToken);
            await Api.JsonBodyAsync(reset, HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task TheAnalysisViews_AnswerForSnapshotsWithoutFindings_AndRefuseUnknownViewsAndSnapshots()
    {
        var node = JsonNode.Parse(TestSnapshots.Native(Guid.NewGuid(), "analysed_by_agent", "main"))!;
        var uuid = Guid.Parse(node["uuid"]!.GetValue<string>());
        node["attributes"]!["analysis.version"] = 1;
        var body = Encoding.UTF8.GetBytes(node.ToJsonString());
        await SubmitAsync(body);

        var analysis = await _client.GetJsonAsync(Snapshot(uuid) + "/analysis", server.Token);
        Assert.Empty(analysis.GetProperty("classifiers").EnumerateArray());
        Assert.Empty(analysis.GetProperty("annotations").EnumerateArray());
        using (var merged = await _client.SendAsync(HttpMethod.Get, Snapshot(uuid) + "?view=analysed", server.Token))
        {
            Assert.Equal(body, await merged.Content.ReadAsByteArrayAsync());
        }

        using var badView = await _client.SendAsync(HttpMethod.Get, Snapshot(uuid) + "?view=pretty", server.Token);
        await ProblemAssert.IsProblemAsync(badView, 400, "invalid-parameter", "'pretty' is not a view; use submitted (the default) or analysed");
        using var missing = await _client.SendAsync(HttpMethod.Get, Snapshot(Guid.NewGuid()) + "/analysis", server.Token);
        await ProblemAssert.IsProblemAsync(missing, 404, "snapshot-not-found");
    }

    private async Task<JsonElement> SubmitAsync(byte[] body)
    {
        using var response = await _client.PostSnapshotAsync(server.Project, server.Token, body);
        return await Api.JsonBodyAsync(response, HttpStatusCode.Created);
    }

    private Task<HttpResponseMessage> PutRulesAsync(string token, params (string Name, string Source)[] rules)
    {
        var body = new JsonObject
        {
            ["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)new JsonObject { ["name"] = r.Name, ["source"] = r.Source })]),
        };
        return _client.SendAsync(HttpMethod.Put, Rules, token, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
