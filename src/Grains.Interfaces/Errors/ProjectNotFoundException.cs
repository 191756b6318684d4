namespace Backtrace.Grains;

/// <summary>The project does not exist.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.ProjectNotFoundException")]
public sealed class ProjectNotFoundException(string project)
    : BacktraceDomainException($"project '{project}' does not exist")
{
    /// <summary>The project asked for.</summary>
    [Id(0)]
    public string Project { get; private set; } = project;

    /// <inheritdoc />
    public override DomainErrorKind Kind => DomainErrorKind.NotFound;

    /// <inheritdoc />
    public override string Code => "project-not-found";
}
