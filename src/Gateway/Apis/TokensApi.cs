using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Auth;
using Backtrace.Gateway.Json;
using Backtrace.Gateway.Problems;
using Backtrace.Grains.Projects;
using Backtrace.Grains.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backtrace.Gateway.Apis;

/// <summary>
/// A project's tokens, with an admin token: <c>GET</c> and <c>POST /api/v1/projects/{project}/tokens</c>
/// (<c>{"name":"ci","scopes":["submit"]}</c>; the answer carries the secret, once) and
/// <c>DELETE .../tokens/{id}</c>, which stops the token at once.
/// </summary>
public static class TokensApi
{
    private const string TokenExample = "{\"name\":\"ci\",\"scopes\":[\"submit\"]}";

    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup(ApiPaths.Projects + "/{project}/tokens").WithTags("Tokens");
        tokens.MapGet("", ListAsync);
        tokens.MapPost("", IssueAsync);
        tokens.MapDelete("/{id}", RevokeAsync);
        return app;
    }

    public static async Task<Ok<TokenListResponse>> ListAsync(string project, HttpContext context, TokenAuthenticator auth, IGrainFactory grains)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Admin, project);
        var info = await grains.GetGrain<IProjectGrain>(grant.Project).GetAsync();
        return TypedResults.Ok(new TokenListResponse([.. info.Tokens.Select(TokenResponse.From)]));
    }

    public static async Task<Created<IssuedTokenResponse>> IssueAsync(string project, HttpContext context, TokenAuthenticator auth, IGrainFactory grains)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Admin, project);
        var body = await JsonRequestBody.ReadAsync(context, GatewayJsonContext.Default.TokenRequestBody, "a token request", TokenExample);
        var scopes = TokenScopes.None;
        var names = body.Scopes ?? throw Problem.InvalidBody("required: a list of scopes (submit, read, admin)", "$.scopes");
        for (var i = 0; i < names.Count; i++)
        {
            scopes |= TokenScopeNames.Parse(names[i])
                ?? throw Problem.InvalidBody($"'{names[i]}' is not a scope; use submit, read or admin", $"$.scopes[{i}]");
        }

        if (scopes == TokenScopes.None)
        {
            throw Problem.InvalidBody("a token needs at least one scope (submit, read, admin)", "$.scopes");
        }

        var issued = await grains.GetGrain<IProjectGrain>(grant.Project).IssueTokenAsync(new TokenRequest
        {
            Name = body.Name ?? throw Problem.InvalidBody("required: a name for the token", "$.name"),
            Scopes = scopes,
        });
        return TypedResults.Created($"{ApiPaths.Projects}/{grant.Project}/tokens/{issued.Token.Id}",
            new IssuedTokenResponse(TokenResponse.From(issued.Token), issued.Secret));
    }

    public static async Task<NoContent> RevokeAsync(string project, string id, HttpContext context, TokenAuthenticator auth, IGrainFactory grains)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Admin, project);
        await grains.GetGrain<IProjectGrain>(grant.Project).RevokeTokenAsync(id);
        return TypedResults.NoContent();
    }
}
