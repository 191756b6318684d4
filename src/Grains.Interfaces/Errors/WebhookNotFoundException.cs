namespace Backtrace.Grains;

/// <summary>The project has no webhook with this id.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.WebhookNotFoundException")]
public sealed class WebhookNotFoundException(string project, string webhookId)
    : BacktraceDomainException($"project '{project}' has no webhook '{webhookId}'")
{
    [Id(0)]
    public string Project { get; private set; } = project;

    [Id(1)]
    public string WebhookId { get; private set; } = webhookId;

    /// <inheritdoc />
    public override DomainErrorKind Kind => DomainErrorKind.NotFound;

    /// <inheritdoc />
    public override string Code => "webhook-not-found";
}
