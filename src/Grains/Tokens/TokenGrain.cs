using Backtrace.Grains.Persistence;
using Backtrace.Storage;

namespace Backtrace.Grains.Tokens;

/// <summary>One token secret's grant, keyed by the secret's SHA-256 (see <see cref="ITokenGrain"/>).</summary>
public sealed class TokenGrain(
    [PersistentState("token", StorageNames.GrainState)] IPersistentState<TokenState> state) : Grain, ITokenGrain
{
    /// <inheritdoc />
    public Task<TokenGrant> ResolveAsync() =>
        state.State is { Grant: { } grant, Revoked: false } ? Task.FromResult(grant) : throw new InvalidTokenException();

    /// <inheritdoc />
    public async Task AssignAsync(TokenGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (state.State is { Grant: { } current, Revoked: false })
        {
            if (current == grant)
            {
                return;
            }

            throw new TokenConflictException(current.Project == grant.Project
                ? "this secret is already issued in this project under another name or with other scopes"
                : "this secret is already issued to another project; choose another secret");
        }

        // Never issued, or revoked: a revoked secret may be issued again (a preset token re-created after revocation).
        await state.DecideAndWriteAsync(s =>
        {
            if (s is { Grant: { } stored, Revoked: false } && stored != grant)
            {
                throw new TokenConflictException("this secret was issued concurrently with another grant");
            }

            s.Grant = grant;
            s.Revoked = false;
            return true;
        });
    }

    /// <inheritdoc />
    public async Task RevokeAsync(string project, string tokenId)
    {
        if (state.State is not { Grant: { } grant, Revoked: false } || grant.Project != project || grant.TokenId != tokenId)
        {
            return;
        }

        await state.DecideAndWriteAsync(s =>
        {
            if (s.Grant is { } stored && stored.Project == project && stored.TokenId == tokenId)
            {
                s.Revoked = true;
            }

            return s.Revoked;
        });
    }
}
