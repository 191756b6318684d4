using Backtrace.Hydra.Inspection;

namespace Backtrace.Hydra.Peripheral;

/// <summary>The snapshot's indexed attributes, sorted by name.</summary>
public static class AttributesPage
{
    public static PeripheralPage Build(PeripheralContext context)
    {
        var attributes = context.Snapshot.Attributes;
        if (attributes.Count == 0)
        {
            return new PeripheralPage("Attributes", [PaneLine.Note("no attributes")]);
        }

        var width = Math.Min(attributes.Keys.Max(k => k.Length), 32);
        return new PeripheralPage("Attributes",
            [.. attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => PaneLine.Plain($"{a.Key.PadRight(width)} {a.Value}"))]);
    }
}
