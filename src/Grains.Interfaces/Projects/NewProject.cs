using Backtrace.Grains.Tokens;

namespace Backtrace.Grains.Projects;

/// <summary>The outcome of <see cref="IProjectGrain.CreateAsync"/>: the project and its first token.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Projects.NewProject")]
public sealed record NewProject
{
    [Id(0)]
    public required ProjectInfo Project { get; init; }

    /// <summary>The first token, with its secret (shown this once).</summary>
    [Id(1)]
    public required IssuedToken Token { get; init; }
}
