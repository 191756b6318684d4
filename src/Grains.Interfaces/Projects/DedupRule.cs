namespace Backtrace.Grains.Projects;

/// <summary>
/// One per-project fingerprint rule. A project's rules apply in order to each frame of the faulting thread,
/// after the built-in normalization (docs/deduplication.md). Patterns are .NET regular expressions matched
/// against the whole normalized function name (or module file name for <see cref="DedupRuleAction.SkipModule"/>),
/// unanchored unless the pattern anchors itself, with a match timeout.
/// </summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Projects.DedupRule")]
public sealed record DedupRule
{
    [Id(0)]
    public required DedupRuleAction Action { get; init; }

    /// <summary>Regular expression, at most 1000 characters.</summary>
    [Id(1)]
    public required string Pattern { get; init; }

    /// <summary>Substitution for <see cref="DedupRuleAction.Rename"/> (<c>$1</c> references groups); ignored otherwise.</summary>
    [Id(2)]
    public string? Replacement { get; init; }
}
