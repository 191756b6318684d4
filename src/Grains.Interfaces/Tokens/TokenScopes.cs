namespace Backtrace.Grains.Tokens;

/// <summary>What a token allows. Scopes are independent flags: an admin token that should also read says so.</summary>
[Flags]
[GenerateSerializer]
[Alias("Backtrace.Grains.Tokens.TokenScopes")]
public enum TokenScopes
{
    /// <summary>Nothing; never issued.</summary>
    None = 0,

    /// <summary>Submit snapshots to the token's project.</summary>
    Submit = 1,

    /// <summary>Read the project's groups and snapshots.</summary>
    Read = 2,

    /// <summary>Manage the project: settings, tokens, dedup rules, group states.</summary>
    Admin = 4,

    /// <summary>Every scope.</summary>
    All = Submit | Read | Admin,
}
