using System.Security.Cryptography;
using Backtrace.Grains.Persistence;
using Backtrace.Grains.Tokens;
using Backtrace.Storage;
using Backtrace.Storage.Projects;

namespace Backtrace.Grains.Projects;

/// <summary>One project: settings, tokens and dedup rules (see <see cref="IProjectGrain"/>).</summary>
public sealed class ProjectGrain(
    [PersistentState("project", StorageNames.GrainState)] IPersistentState<ProjectState> state,
    IProjectCatalog catalog,
    TimeProvider time) : Grain, IProjectGrain
{
    private const int MaxTokenNameLength = 100;
    private const int MaxTokens = 1000;

    private string Name => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<ProjectCreation> EnsureCreatedAsync(ProjectSettings settings)
    {
        ProjectName.Validate(Name);
        var completed = ProjectSettingsRules.Complete(settings);
        var created = !state.State.Created && await state.DecideAndWriteAsync(s =>
        {
            if (s.Created)
            {
                return false;
            }

            s.Created = true;
            s.CreatedAt = time.GetUtcNow();
            s.Settings = completed;
            s.Revision = 1;
            return true;
        });

        // Upserted on every call, so a catalog write lost to a crash right after the state write is repaired by
        // the next EnsureCreated (hosts call it at every start for their default project).
        await catalog.UpsertAsync(new ProjectRow { Name = Name, DisplayName = state.State.Settings.DisplayName, CreatedAt = state.State.CreatedAt });
        return new ProjectCreation { Project = Describe(), Created = created };
    }

    /// <inheritdoc />
    public async Task<NewProject> CreateAsync(ProjectSettings settings, TokenRequest firstToken)
    {
        // The grain is not reentrant: no other call runs between the check and the token, so two creators
        // cannot both get a token.
        if (state.State.Created && state.State.Tokens.Count > 0)
        {
            throw new ProjectExistsException(Name);
        }

        ValidateTokenRequest(firstToken);
        var creation = await EnsureCreatedAsync(settings);
        var token = await IssueTokenAsync(firstToken);
        return new NewProject { Project = creation.Project with { Tokens = [token.Token] }, Token = token };
    }

    /// <inheritdoc />
    public Task<ProjectInfo> GetAsync()
    {
        EnsureExists();
        return Task.FromResult(Describe());
    }

    /// <inheritdoc />
    public async Task<ProjectInfo> UpdateSettingsAsync(ProjectSettings settings)
    {
        EnsureExists();
        var completed = ProjectSettingsRules.Complete(settings);
        await state.DecideAndWriteAsync(s =>
        {
            s.Settings = completed;
            return ++s.Revision;
        });
        await catalog.UpsertAsync(new ProjectRow { Name = Name, DisplayName = completed.DisplayName, CreatedAt = state.State.CreatedAt });
        return Describe();
    }

    /// <inheritdoc />
    public async Task<IssuedToken> IssueTokenAsync(TokenRequest request)
    {
        EnsureExists();
        ValidateTokenRequest(request);
        var secret = request.Secret ?? TokenSecret.Generate();
        var hash = TokenSecret.Hash(secret);
        if (state.State.Tokens.Find(t => t.Hash == hash) is { } existing)
        {
            // A preset secret issued again (hosts re-issue their configured token at every start).
            return existing.Info.Name == request.Name && existing.Info.Scopes == request.Scopes
                ? new IssuedToken { Token = existing.Info, Secret = secret }
                : throw new TokenConflictException("this secret is already issued in this project under another name or with other scopes");
        }

        if (state.State.Tokens.Count >= MaxTokens)
        {
            throw new InvalidRequestException("token", $"a project has at most {MaxTokens} tokens; revoke unused ones first");
        }

        var info = new TokenInfo
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            Name = request.Name,
            Scopes = request.Scopes,
            CreatedAt = time.GetUtcNow(),
            SecretHint = secret[..4],
        };
        var tokenGrain = GrainFactory.GetGrain<ITokenGrain>(hash);

        // Bind the secret first: a conflict (secret taken by another project) must leave the project unchanged.
        await tokenGrain.AssignAsync(new TokenGrant { Project = Name, TokenId = info.Id, Scopes = info.Scopes });
        try
        {
            await state.DecideAndWriteAsync(s =>
            {
                s.Tokens.Add(new StoredToken { Info = info, Hash = hash });
                return true;
            });
        }
        catch
        {
            // The project could not record the token: withdraw it so that no token works that cannot be listed or revoked.
            await tokenGrain.RevokeAsync(Name, info.Id);
            throw;
        }

        return new IssuedToken { Token = info, Secret = secret };
    }

    /// <inheritdoc />
    public async Task RevokeTokenAsync(string tokenId)
    {
        EnsureExists();
        var token = state.State.Tokens.Find(t => t.Info.Id == tokenId) ?? throw new TokenNotFoundException(Name, tokenId);

        // Revoke at the token first: once this returns, the gateway rejects the secret even if the next write fails.
        await GrainFactory.GetGrain<ITokenGrain>(token.Hash).RevokeAsync(Name, tokenId);
        await state.DecideAndWriteAsync(s => s.Tokens.RemoveAll(t => t.Info.Id == tokenId));
    }

    /// <inheritdoc />
    public async Task<ProjectInfo> SetDedupRulesAsync(IReadOnlyList<DedupRule> rules)
    {
        EnsureExists();
        ArgumentNullException.ThrowIfNull(rules);
        DedupRuleCompiler.Compile(rules);
        await state.DecideAndWriteAsync(s =>
        {
            s.DedupRules = [.. rules];
            return ++s.Revision;
        });
        return Describe();
    }

    /// <inheritdoc />
    public async Task<ProjectInfo> SetAnalysisRulesAsync(IReadOnlyList<AnalysisRule> rules)
    {
        EnsureExists();
        ArgumentNullException.ThrowIfNull(rules);
        AnalysisRuleValidation.Validate(rules);
        await state.DecideAndWriteAsync(s =>
        {
            s.AnalysisRules = [.. rules];
            return ++s.Revision;
        });
        return Describe();
    }

    /// <inheritdoc />
    public Task<ProjectIngestConfig> GetIngestConfigAsync()
    {
        EnsureExists();
        var s = state.State;
        return Task.FromResult(new ProjectIngestConfig
        {
            Project = Name,
            FingerprintVersion = s.Settings.FingerprintVersion,
            FingerprintFrames = s.Settings.FingerprintFrames,
            DedupRules = s.DedupRules,
            Revision = s.Revision,
            AnalysisRules = s.AnalysisRules,
        });
    }

    private void EnsureExists()
    {
        if (!state.State.Created)
        {
            throw new ProjectNotFoundException(Name);
        }
    }

    private ProjectInfo Describe() => new()
    {
        Name = Name,
        Settings = state.State.Settings,
        DedupRules = state.State.DedupRules,
        AnalysisRules = state.State.AnalysisRules,
        Tokens = state.State.Tokens.ConvertAll(t => t.Info),
        CreatedAt = state.State.CreatedAt,
    };

    private static void ValidateTokenRequest(TokenRequest request)
    {
        if (request is null)
        {
            throw new InvalidRequestException("token", "a token request is required");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxTokenNameLength || request.Name.Any(char.IsControl))
        {
            throw new InvalidRequestException("token.name", $"a token name is 1 to {MaxTokenNameLength} printable characters");
        }

        if (request.Scopes == TokenScopes.None || (request.Scopes & ~TokenScopes.All) != 0)
        {
            throw new InvalidRequestException("token.scopes", "a token needs at least one of the scopes submit, read and admin, and no other");
        }

        if (request.Secret is not null && !TokenSecret.IsWellFormed(request.Secret))
        {
            throw new InvalidRequestException("token.secret",
                $"a preset secret is {TokenSecret.MinLength} to {TokenSecret.MaxLength} characters of A-Z, a-z, 0-9, '-', '_' and '.'");
        }
    }
}
