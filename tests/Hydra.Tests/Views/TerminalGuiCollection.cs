namespace Backtrace.Hydra.Tests.Views;

/// <summary>
/// Terminal.Gui keeps some process-wide state (configuration, the model-usage flag), so the tests that create
/// applications run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TerminalGuiCollection
{
    public const string Name = "Terminal.Gui";
}
