using Backtrace.Hydra.Inspection;

namespace Backtrace.Hydra.Peripheral;

/// <summary>The labels that classify the crash.</summary>
public static class ClassifiersPage
{
    public static PeripheralPage Build(PeripheralContext context) =>
        context.Snapshot.Classifiers.Count == 0
            ? new PeripheralPage("Classifiers", [PaneLine.Note("no classifiers")])
            : new PeripheralPage("Classifiers", [.. context.Snapshot.Classifiers.Select(PaneLine.Plain)]);
}
