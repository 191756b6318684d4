using Backtrace.Grains.Projects;
using Backtrace.Grains.Tokens;

namespace Backtrace.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TokenTests(ClusterFixture fixture)
{
    private readonly BacktraceCluster _backtrace = fixture.Backtrace;

    [Fact]
    public async Task IssuedToken_ResolvesToItsProjectAndScopes_WithoutKnowingTheProject()
    {
        var project = await _backtrace.NewProjectAsync();
        var issued = await _backtrace.Grains.GetGrain<IProjectGrain>(project)
            .IssueTokenAsync(new TokenRequest { Name = "ci", Scopes = TokenScopes.Submit });
        Assert.Matches("^[0-9a-f]{64}$", issued.Secret);

        var grant = await _backtrace.Grains.GetGrain<ITokenGrain>(TokenSecret.Hash(issued.Secret)).ResolveAsync();
        Assert.Equal((project, issued.Token.Id, TokenScopes.Submit), (grant.Project, grant.TokenId, grant.Scopes));
        Assert.True(grant.Allows(TokenScopes.Submit));
        Assert.False(grant.Allows(TokenScopes.Read));
        Assert.False(grant.Allows(TokenScopes.Submit | TokenScopes.Admin));
    }

    [Fact]
    public async Task UnknownSecret_IsInvalid()
    {
        var error = await Assert.ThrowsAsync<InvalidTokenException>(
            () => _backtrace.Grains.GetGrain<ITokenGrain>(TokenSecret.Hash("no-such-secret-anywhere")).ResolveAsync());
        Assert.Equal(DomainErrorKind.Unauthorized, error.Kind);
    }

    [Fact]
    public async Task RevokedToken_StopsResolving_AndIsNoLongerListed()
    {
        var project = await _backtrace.NewProjectAsync();
        var grain = _backtrace.Grains.GetGrain<IProjectGrain>(project);
        var issued = await grain.IssueTokenAsync(new TokenRequest { Name = "temp", Scopes = TokenScopes.Read });
        await grain.RevokeTokenAsync(issued.Token.Id);
        await Assert.ThrowsAsync<InvalidTokenException>(
            () => _backtrace.Grains.GetGrain<ITokenGrain>(TokenSecret.Hash(issued.Secret)).ResolveAsync());
        Assert.Empty((await grain.GetAsync()).Tokens);
        await Assert.ThrowsAsync<TokenNotFoundException>(() => grain.RevokeTokenAsync(issued.Token.Id));
    }

    [Fact]
    public async Task PresetSecret_IssuedAgain_ReturnsTheSameToken()
    {
        var project = await _backtrace.NewProjectAsync();
        var grain = _backtrace.Grains.GetGrain<IProjectGrain>(project);
        var secret = "preset-" + Guid.NewGuid().ToString("N");
        var request = new TokenRequest { Name = "default", Scopes = TokenScopes.Submit | TokenScopes.Read, Secret = secret };
        var first = await grain.IssueTokenAsync(request);
        var second = await grain.IssueTokenAsync(request);
        Assert.Equal(first.Token.Id, second.Token.Id);
        Assert.Equal(secret, second.Secret);
        Assert.Single((await grain.GetAsync()).Tokens);
        Assert.Equal(secret[..4], first.Token.SecretHint);
    }

    [Fact]
    public async Task PresetSecret_AlreadyOwnedByAnotherProject_IsAConflict()
    {
        var secret = "shared-" + Guid.NewGuid().ToString("N");
        var owner = await _backtrace.NewProjectAsync();
        var other = await _backtrace.NewProjectAsync();
        await _backtrace.Grains.GetGrain<IProjectGrain>(owner).IssueTokenAsync(new TokenRequest { Name = "t", Scopes = TokenScopes.Submit, Secret = secret });
        var error = await Assert.ThrowsAsync<TokenConflictException>(() => _backtrace.Grains.GetGrain<IProjectGrain>(other)
            .IssueTokenAsync(new TokenRequest { Name = "t", Scopes = TokenScopes.Submit, Secret = secret }));
        Assert.Equal(DomainErrorKind.Conflict, error.Kind);
        Assert.Empty((await _backtrace.Grains.GetGrain<IProjectGrain>(other).GetAsync()).Tokens);
        Assert.Equal(owner, (await _backtrace.Grains.GetGrain<ITokenGrain>(TokenSecret.Hash(secret)).ResolveAsync()).Project);
    }

    [Theory]
    [InlineData("", TokenScopes.Submit, null, "token.name")]
    [InlineData("t", TokenScopes.None, null, "token.scopes")]
    [InlineData("t", (TokenScopes)64, null, "token.scopes")]
    [InlineData("t", TokenScopes.Submit, "short", "token.secret")]
    [InlineData("t", TokenScopes.Submit, "has spaces in the secret!", "token.secret")]
    public async Task BadTokenRequest_NamesTheField(string name, TokenScopes scopes, string? secret, string field)
    {
        var project = await _backtrace.NewProjectAsync();
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _backtrace.Grains.GetGrain<IProjectGrain>(project)
            .IssueTokenAsync(new TokenRequest { Name = name, Scopes = scopes, Secret = secret }));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task Tokens_OfAnUnknownProject_AreNotIssued() =>
        await Assert.ThrowsAsync<ProjectNotFoundException>(() => _backtrace.Grains.GetGrain<IProjectGrain>("no-such-project")
            .IssueTokenAsync(new TokenRequest { Name = "t", Scopes = TokenScopes.Submit }));
}
