using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Auth;
using Backtrace.Gateway.Json;
using Backtrace.Gateway.Problems;
using Backtrace.Grains.Projects;
using Backtrace.Grains.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backtrace.Gateway.Apis;

/// <summary>
/// A project's server-side Lua rules (docs/lua-api.md), with an admin token: <c>GET</c> and <c>PUT
/// /api/v1/projects/{project}/analysis-rules</c> (<c>{"rules":[{"name":"team-routing","source":"..."}]}</c>).
/// A PUT replaces every rule; rules are compiled (not run) first, and one that does not compile is refused
/// with a 400 that names the rule, the Lua compiler's message and the line.
/// </summary>
public static class AnalysisRulesApi
{
    /// <summary>Sixteen rules of 64 KiB each, JSON-escaped (up to 6 bytes a character), and the framing.</summary>
    private const long MaxBodyBytes = 7 * 1024 * 1024;

    private const string Example = "{\"rules\":[{\"name\":\"team-routing\",\"source\":\"bt.classify('team-edge')\"}]}";

    public static IEndpointRouteBuilder MapAnalysisRulesApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup(ApiPaths.Projects + "/{project}/analysis-rules").WithTags("Analysis rules");
        rules.MapGet("", GetAsync);
        rules.MapPut("", SetAsync);
        return app;
    }

    public static async Task<Ok<AnalysisRulesBody>> GetAsync(string project, HttpContext context, TokenAuthenticator auth, IGrainFactory grains)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Admin, project);
        var info = await grains.GetGrain<IProjectGrain>(grant.Project).GetAsync();
        return TypedResults.Ok(Describe(info.AnalysisRules));
    }

    public static async Task<Ok<AnalysisRulesBody>> SetAsync(string project, HttpContext context, TokenAuthenticator auth, IGrainFactory grains)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Admin, project);
        var body = await ReadAsync(context);
        var sent = body.Rules ?? throw Problem.InvalidBody("required: the list of rules (empty to remove them all)", "$.rules");
        var rules = new List<AnalysisRule>(sent.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var rule = sent[i] ?? throw Problem.InvalidBody("a rule is an object with a name and a source, not null", $"$.rules[{i}]");
            rules.Add(new AnalysisRule
            {
                Name = rule.Name ?? throw Problem.InvalidBody("required: the rule's name", $"$.rules[{i}].name"),
                Source = rule.Source ?? throw Problem.InvalidBody("required: the rule's Lua source", $"$.rules[{i}].source"),
            });
        }

        // The grain validates and compiles; its InvalidRequestException becomes a 400 naming the field.
        var info = await grains.GetGrain<IProjectGrain>(grant.Project).SetAnalysisRulesAsync(rules);
        return TypedResults.Ok(Describe(info.AnalysisRules));
    }

    private static AnalysisRulesBody Describe(IEnumerable<AnalysisRule> rules) =>
        new([.. rules.Select(r => new AnalysisRuleBody(r.Name, r.Source))]);

    private static Task<AnalysisRulesBody> ReadAsync(HttpContext context) =>
        JsonRequestBody.ReadAsync(context, GatewayJsonContext.Default.AnalysisRulesBody, "a set of analysis rules", Example, MaxBodyBytes);
}
