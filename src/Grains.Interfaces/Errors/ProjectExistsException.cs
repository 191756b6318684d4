namespace Backtrace.Grains;

/// <summary>A project of this name already exists.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.ProjectExistsException")]
public sealed class ProjectExistsException(string project)
    : BacktraceDomainException($"project '{project}' already exists")
{
    [Id(0)]
    public string Project { get; private set; } = project;

    /// <inheritdoc />
    public override DomainErrorKind Kind => DomainErrorKind.Conflict;

    /// <inheritdoc />
    public override string Code => "project-exists";
}
