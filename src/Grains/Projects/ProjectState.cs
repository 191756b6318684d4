using Backtrace.Grains.Projects;

namespace Backtrace.Grains.Projects;

/// <summary>Persistent state of a <see cref="ProjectGrain"/>.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Projects.ProjectState")]
public sealed class ProjectState
{
    /// <summary>False until <see cref="IProjectGrain.EnsureCreatedAsync"/> created the project.</summary>
    [Id(0)]
    public bool Created { get; set; }

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(2)]
    public ProjectSettings Settings { get; set; } = new();

    [Id(3)]
    public List<DedupRule> DedupRules { get; set; } = [];

    [Id(4)]
    public List<StoredToken> Tokens { get; set; } = [];

    /// <summary>Increases with every change of settings or rules (see <see cref="ProjectIngestConfig.Revision"/>).</summary>
    [Id(5)]
    public int Revision { get; set; }

    [Id(6)]
    public List<AnalysisRule> AnalysisRules { get; set; } = [];
}
