using Backtrace.Grains.Tokens;

namespace Backtrace.Grains.Projects;

/// <summary>
/// One project, keyed by its name (<see cref="ProjectName"/>): settings, submission tokens with scopes,
/// and the ordered dedup rules. Every method but <see cref="EnsureCreatedAsync"/> throws
/// <see cref="ProjectNotFoundException"/> for a project that was never created.
/// </summary>
[Alias("Backtrace.Grains.Projects.IProjectGrain")]
public interface IProjectGrain : IGrainWithStringKey
{
    /// <summary>Creates the project with <paramref name="settings"/> unless it exists; an existing project keeps its settings.</summary>
    /// <exception cref="InvalidRequestException">Bad project name (the grain key) or settings.</exception>
    [Alias("EnsureCreated")]
    Task<ProjectCreation> EnsureCreatedAsync(ProjectSettings settings);

    /// <summary>
    /// Creates the project and issues its first token, in one grain turn: of several concurrent calls, one
    /// creates the project and the others fail. A project left without any token (its creation stopped between
    /// the two steps) is finished instead, since nobody can reach it yet.
    /// </summary>
    /// <exception cref="ProjectExistsException">The project exists (and has tokens).</exception>
    /// <exception cref="InvalidRequestException">Bad project name, settings or token request.</exception>
    [Alias("Create")]
    Task<NewProject> CreateAsync(ProjectSettings settings, TokenRequest firstToken);

    [Alias("Get")]
    [ReadOnly]
    Task<ProjectInfo> GetAsync();

    /// <summary>Replaces the settings. Changing <see cref="ProjectSettings.FingerprintVersion"/> or
    /// <see cref="ProjectSettings.FingerprintFrames"/> makes new snapshots form new groups.</summary>
    [Alias("UpdateSettings")]
    Task<ProjectInfo> UpdateSettingsAsync(ProjectSettings settings);

    /// <summary>Issues a token for this project.</summary>
    /// <exception cref="InvalidRequestException">Bad name, no scope, or a malformed preset secret.</exception>
    /// <exception cref="TokenConflictException">The preset secret is already issued differently.</exception>
    [Alias("IssueToken")]
    Task<IssuedToken> IssueTokenAsync(TokenRequest request);

    /// <summary>Revokes a token at once: the gateway stops accepting it.</summary>
    /// <exception cref="TokenNotFoundException">No token with this id.</exception>
    [Alias("RevokeToken")]
    Task RevokeTokenAsync(string tokenId);

    /// <summary>Replaces the dedup rules (at most 100). They apply to snapshots ingested from now on.</summary>
    /// <exception cref="InvalidRequestException">A rule is invalid; the field names which (<c>rules[3].pattern</c>).</exception>
    [Alias("SetDedupRules")]
    Task<ProjectInfo> SetDedupRulesAsync(IReadOnlyList<DedupRule> rules);

    /// <summary>Replaces the Lua analysis rules (at most 16). They run on snapshots ingested from now on.</summary>
    /// <exception cref="InvalidRequestException">A rule is invalid; the field names which (<c>analysis_rules[1].name</c>).</exception>
    [Alias("SetAnalysisRules")]
    Task<ProjectInfo> SetAnalysisRulesAsync(IReadOnlyList<AnalysisRule> rules);

    /// <summary>What snapshot ingest needs. Called for every snapshot, so it is cheap and read-only.</summary>
    [Alias("GetIngestConfig")]
    [ReadOnly]
    Task<ProjectIngestConfig> GetIngestConfigAsync();
}
