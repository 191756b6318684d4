namespace Backtrace.Grains.Projects;

/// <summary>The outcome of <see cref="IProjectGrain.EnsureCreatedAsync"/>.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Projects.ProjectCreation")]
public sealed record ProjectCreation
{
    [Id(0)]
    public required ProjectInfo Project { get; init; }

    /// <summary>True when this call created the project; false when it already existed (settings unchanged).</summary>
    [Id(1)]
    public required bool Created { get; init; }
}
