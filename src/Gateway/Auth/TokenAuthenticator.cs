using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Problems;
using Backtrace.Grains;
using Backtrace.Grains.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Backtrace.Gateway.Auth;

/// <summary>
/// Turns the token a request carries into its grant (one project, some scopes) and enforces it: a
/// token reaches only its own project, and only with the scopes it holds. Tokens are resolved through
/// their <see cref="ITokenGrain"/> on every request, so a revoked token stops working at once.
/// </summary>
public sealed class TokenAuthenticator(IGrainFactory grains)
{
    private readonly GrainReferenceCache<ITokenGrain> _tokens = new(grains);

    /// <summary>Requires a token with <paramref name="scope"/> that belongs to <paramref name="project"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="scope">The scope the request needs.</param>
    /// <param name="project">The project the request names; null when it names none (Backtrace's <c>/post</c>).</param>
    /// <param name="allowQueryToken">Whether the <c>token</c> query parameter may carry the token (Backtrace clients send it there).</param>
    /// <exception cref="GatewayProblemException">401 without a valid token, 404 for another project, 403 without the scope.</exception>
    public async Task<TokenGrant> RequireAsync(HttpContext context, TokenScopes scope, string? project, bool allowQueryToken = false)
    {
        var secret = TokenOf(context.Request, allowQueryToken) ?? throw Problem.MissingToken();
        if (!TokenSecret.IsWellFormed(secret))
        {
            throw Problem.InvalidToken();
        }

        TokenGrant grant;
        try
        {
            grant = await _tokens.Get(TokenSecret.Hash(secret)).ResolveAsync();
        }
        catch (InvalidTokenException)
        {
            throw Problem.InvalidToken();
        }

        if (project is not null && !string.Equals(grant.Project, project, StringComparison.Ordinal))
        {
            throw Problem.ProjectNotReachable(project);
        }

        return grant.Allows(scope) ? grant : throw Problem.MissingScope(string.Join("+", TokenScopeNames.Of(scope)));
    }

    /// <summary>The token of a request: the bearer token, else (when allowed) the <c>token</c> query parameter.
    /// Also used to partition the rate limiter by token.</summary>
    public static string? TokenOf(HttpRequest request, bool allowQueryToken)
    {
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        const string bearer = "Bearer ";
        if (authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization[bearer.Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        return allowQueryToken && request.Query.TryGetValue("token", out var query) && query.Count == 1 && query[0] is { Length: > 0 } value
            ? value
            : null;
    }
}
