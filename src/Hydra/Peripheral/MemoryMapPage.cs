using Backtrace.Hydra.Inspection;

namespace Backtrace.Hydra.Peripheral;

/// <summary>The process memory map, positioned on the mapping that holds the selected frame's pc.</summary>
public static class MemoryMapPage
{
    public static PeripheralPage Build(PeripheralContext context)
    {
        var mappings = context.Snapshot.Mappings;
        if (mappings.Count == 0)
        {
            return new PeripheralPage("Memory map", [PaneLine.Note("memory map not captured")]);
        }

        var pc = context.Position.Frame?.Pc;
        var sp = context.Position.StackPointer;
        var fault = context.Snapshot.Fault?.Address;
        var lines = new List<PaneLine>(mappings.Count);
        var focus = 0;
        foreach (var mapping in mappings.OrderBy(m => m.Start))
        {
            var marks = new List<string>(3);
            if (Holds(mapping, pc))
            {
                marks.Add("pc");
                focus = lines.Count;
            }

            if (Holds(mapping, sp))
            {
                marks.Add("sp");
            }

            if (Holds(mapping, fault))
            {
                marks.Add("fault");
            }

            var text = $"{mapping.Start:x}-{mapping.End:x} {mapping.Permissions} {mapping.Offset:x8} {mapping.Path ?? ""}";
            lines.Add(marks.Count == 0
                ? PaneLine.Plain(text)
                : new PaneLine(Names.Printable($"{text}  <- {string.Join(", ", marks)}"), marks.Contains("pc") ? LineKind.Current : LineKind.Alert));
        }

        if (fault is { } address && !mappings.Any(m => Holds(m, address)))
        {
            lines.Insert(0, new PaneLine($"fault address 0x{address:x} is in no mapping", LineKind.Alert));
            focus++;
        }

        return new PeripheralPage("Memory map", lines, focus);
    }

    private static bool Holds(Snapshots.Model.MemoryMapping mapping, ulong? address) =>
        address is { } a && a >= mapping.Start && a < mapping.End;
}
