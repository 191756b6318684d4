namespace Backtrace.Grains.Tokens;

/// <summary>
/// One token, keyed by <see cref="TokenSecret.Hash"/> of its secret. It lets the gateway turn a secret into
/// (project, scopes) without knowing the project first: Backtrace's <c>/post?token=</c> names no project.
/// Tokens are issued and revoked through <see cref="Projects.IProjectGrain"/>, which owns the list.
/// </summary>
[Alias("Backtrace.Grains.Tokens.ITokenGrain")]
public interface ITokenGrain : IGrainWithStringKey
{
    /// <summary>What the token grants.</summary>
    /// <exception cref="InvalidTokenException">No such token, or it was revoked.</exception>
    [Alias("Resolve")]
    [ReadOnly]
    Task<TokenGrant> ResolveAsync();

    /// <summary>Binds the token to a grant. Called by the project grain only. Idempotent for the same grant.</summary>
    /// <exception cref="TokenConflictException">The secret is already bound to a different grant.</exception>
    [Alias("Assign")]
    Task AssignAsync(TokenGrant grant);

    /// <summary>Revokes the token if it belongs to <paramref name="project"/>/<paramref name="tokenId"/>. Called by the project grain only.</summary>
    [Alias("Revoke")]
    Task RevokeAsync(string project, string tokenId);
}
