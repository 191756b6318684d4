using Backtrace.Grains.Tokens;

namespace Backtrace.Grains.Projects;

/// <summary>A project as its grain describes it.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Projects.ProjectInfo")]
public sealed record ProjectInfo
{
    [Id(0)]
    public required string Name { get; init; }

    [Id(1)]
    public required ProjectSettings Settings { get; init; }

    /// <summary>Dedup rules in the order they apply.</summary>
    [Id(2)]
    public required IReadOnlyList<DedupRule> DedupRules { get; init; }

    [Id(3)]
    public required IReadOnlyList<TokenInfo> Tokens { get; init; }

    [Id(4)]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Lua analysis rules in the order they run.</summary>
    [Id(5)]
    public IReadOnlyList<AnalysisRule> AnalysisRules { get; init; } = [];
}
