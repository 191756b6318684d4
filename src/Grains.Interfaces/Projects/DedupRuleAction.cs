namespace Backtrace.Grains.Projects;

/// <summary>What a dedup rule does to the frames it matches (docs/deduplication.md).</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Projects.DedupRuleAction")]
public enum DedupRuleAction
{
    /// <summary>Drop frames whose normalized function name matches the pattern.</summary>
    SkipFrame = 0,

    /// <summary>Drop frames whose module (file name, e.g. <c>libfoo.so.1</c>) matches the pattern.</summary>
    SkipModule = 1,

    /// <summary>Keep a frame whose function matches, then ignore every frame after it (outer frames).</summary>
    StopAfter = 2,

    /// <summary>Rewrite matching function names with <see cref="DedupRule.Replacement"/> (regex substitution).</summary>
    Rename = 3,
}
