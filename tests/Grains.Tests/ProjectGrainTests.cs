using Backtrace.Grains.Projects;
using Backtrace.Grains.Tokens;
using Backtrace.Storage.Projects;

namespace Backtrace.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ProjectGrainTests(ClusterFixture fixture)
{
    private readonly BacktraceCluster _backtrace = fixture.Backtrace;

    [Fact]
    public async Task EnsureCreated_CreatesOnce_AndKeepsTheFirstSettings()
    {
        var name = "proj-" + Guid.NewGuid().ToString("N")[..8];
        var grain = _backtrace.Grains.GetGrain<IProjectGrain>(name);
        var first = await grain.EnsureCreatedAsync(new ProjectSettings { DisplayName = "First", FingerprintFrames = 7 });
        var second = await grain.EnsureCreatedAsync(new ProjectSettings { DisplayName = "Second" });
        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(("First", 7, 1), (second.Project.Settings.DisplayName, second.Project.Settings.FingerprintFrames, second.Project.Settings.FingerprintVersion));
        Assert.Contains(await _backtrace.Service<IProjectCatalog>().ListAsync(), p => p.Name == name && p.DisplayName == "First");
    }

    [Fact]
    public async Task Create_ConcurrentCallers_OneGetsTheProjectAndItsToken_TheOthersAConflict()
    {
        var name = "new-" + Guid.NewGuid().ToString("N")[..8];
        var grain = _backtrace.Grains.GetGrain<IProjectGrain>(name);

        var attempts = Enumerable.Range(0, 4)
            .Select(_ => grain.CreateAsync(new ProjectSettings { DisplayName = "New" }, new TokenRequest { Name = "admin", Scopes = TokenScopes.All }))
            .ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async a => { try { return await a; } catch (ProjectExistsException) { return null; } }));

        var winner = Assert.Single(outcomes, o => o is not null)!;
        Assert.Equal([winner.Token.Token.Id], (await grain.GetAsync()).Tokens.Select(t => t.Id));
        var grant = await _backtrace.Grains.GetGrain<ITokenGrain>(TokenSecret.Hash(winner.Token.Secret)).ResolveAsync();
        Assert.Equal((name, TokenScopes.All), (grant.Project, grant.Scopes));
        var again = await Assert.ThrowsAsync<ProjectExistsException>(
            () => grain.CreateAsync(new ProjectSettings(), new TokenRequest { Name = "admin", Scopes = TokenScopes.All }));
        Assert.Equal((DomainErrorKind.Conflict, "project-exists"), (again.Kind, again.Code));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    public async Task EnsureCreated_BadName_IsRejectedWithTheReason(string name)
    {
        var error = await Assert.ThrowsAsync<InvalidRequestException>(
            () => _backtrace.Grains.GetGrain<IProjectGrain>(name).EnsureCreatedAsync(new ProjectSettings()));
        Assert.Equal("project", error.Field);
        Assert.Equal(DomainErrorKind.Invalid, error.Kind);
    }

    [Fact]
    public async Task EnsureCreated_BadSettings_AreRejected()
    {
        var grain = _backtrace.Grains.GetGrain<IProjectGrain>("bad-" + Guid.NewGuid().ToString("N")[..8]);
        var frames = await Assert.ThrowsAsync<InvalidRequestException>(() => grain.EnsureCreatedAsync(new ProjectSettings { FingerprintFrames = 0 }));
        Assert.Equal("settings.fingerprintFrames", frames.Field);
        var version = await Assert.ThrowsAsync<InvalidRequestException>(() => grain.EnsureCreatedAsync(new ProjectSettings { FingerprintVersion = 42 }));
        Assert.Contains("not supported", version.Reason);
    }

    [Fact]
    public async Task UnknownProject_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<ProjectNotFoundException>(() => _backtrace.Grains.GetGrain<IProjectGrain>("never-created").GetAsync());
        Assert.Equal(("never-created", DomainErrorKind.NotFound, "project-not-found"), (error.Project, error.Kind, error.Code));
        Assert.Contains("never-created", error.Message);
    }

    [Fact]
    public async Task SetDedupRules_InvalidRule_NamesTheFieldAndKeepsTheOldRules()
    {
        var project = await _backtrace.NewProjectAsync();
        var grain = _backtrace.Grains.GetGrain<IProjectGrain>(project);
        await grain.SetDedupRulesAsync([new DedupRule { Action = DedupRuleAction.SkipFrame, Pattern = "^log_" }]);
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => grain.SetDedupRulesAsync(
        [
            new DedupRule { Action = DedupRuleAction.SkipFrame, Pattern = "ok" },
            new DedupRule { Action = DedupRuleAction.Rename, Pattern = "(unclosed" , Replacement = "x" },
        ]));
        Assert.Equal("rules[1].pattern", error.Field);
        Assert.Equal("^log_", Assert.Single((await grain.GetAsync()).DedupRules).Pattern);
    }

    [Fact]
    public async Task DedupRules_ChangeHowNewSnapshotsGroup()
    {
        var project = await _backtrace.NewProjectAsync();
        var before = await _backtrace.SubmitAsync(project, Crashes.Segv("log_fatal", "parse", "main"));
        var other = await _backtrace.SubmitAsync(project, Crashes.Segv("parse", "main"));
        Assert.NotEqual(before.Fingerprint, other.Fingerprint);

        await _backtrace.Grains.GetGrain<IProjectGrain>(project).SetDedupRulesAsync(
            [new DedupRule { Action = DedupRuleAction.SkipFrame, Pattern = "^log_" }]);
        var after = await _backtrace.SubmitAsync(project, Crashes.Segv("log_fatal", "parse", "main"));
        Assert.Equal(other.Fingerprint, after.Fingerprint);
        Assert.Equal(2, after.GroupCount);
    }

    [Fact]
    public async Task UpdateSettings_FrameCountAppliesToNewSnapshots_VersionStaysPinned()
    {
        var project = await _backtrace.NewProjectAsync();
        var grain = _backtrace.Grains.GetGrain<IProjectGrain>(project);
        var before = await _backtrace.SubmitAsync(project, Crashes.Segv("shared_top", "caller_a", "main"));
        var updated = await grain.UpdateSettingsAsync(new ProjectSettings { FingerprintFrames = 1 });
        Assert.Equal((1, 1), (updated.Settings.FingerprintFrames, updated.Settings.FingerprintVersion));

        var a = await _backtrace.SubmitAsync(project, Crashes.Segv("shared_top", "caller_a", "main"));
        var b = await _backtrace.SubmitAsync(project, Crashes.Segv("shared_top", "caller_b", "main"));
        Assert.NotEqual(before.Fingerprint, a.Fingerprint);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Equal(2, (await grain.GetIngestConfigAsync()).Revision);
    }
}
