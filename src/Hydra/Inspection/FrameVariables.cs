namespace Backtrace.Hydra.Inspection;

/// <summary>
/// The variables pane of a frame: the registers known for it, the captured stack slots from its sp up to its
/// caller's sp, and the locals the capture could read.
/// </summary>
public static class FrameVariables
{
    /// <summary>Most stack slots listed for one frame; a frame with a huge stack shows its innermost slots.</summary>
    public const int MaxSlots = 64;

    /// <summary>Slots listed when the caller's sp is unknown (the outermost frame).</summary>
    public const int DefaultSlots = 16;

    /// <summary>Builds the pane lines for <paramref name="position"/>.</summary>
    public static IReadOnlyList<PaneLine> Build(Position position, AddressBook addresses)
    {
        if (position.Frame is not { } frame)
        {
            return [PaneLine.Note("this thread has no frames")];
        }

        var lines = new List<PaneLine>();
        lines.Add(PaneLine.Heading(frame.Registers is null && position.FrameIndex == 0 ? "registers (thread context)" : "registers"));
        if (position.FrameRegisters is { Count: > 0 } registers)
        {
            lines.AddRange(Registers.Lines(registers, addresses));
        }
        else
        {
            lines.Add(PaneLine.Note("  none recovered for this frame"));
        }

        AddStackSlots(lines, position, addresses);

        lines.Add(PaneLine.Heading("locals"));
        if (frame.Variables is { Count: > 0 } variables)
        {
            foreach (var variable in variables)
            {
                var type = variable.Type is null ? "" : variable.Type + " ";
                var value = variable.Value ?? "<optimized out>";
                var at = variable.Address is { } address ? $"  @0x{address:x}" : "";
                lines.Add(PaneLine.Plain($"{type}{variable.Name} = {value}{at}"));
            }
        }
        else
        {
            lines.Add(PaneLine.Note("  not captured"));
        }

        return lines;
    }

    private static void AddStackSlots(List<PaneLine> lines, Position position, AddressBook addresses)
    {
        if (position.StackPointer is not { } sp)
        {
            lines.Add(PaneLine.Heading("stack"));
            lines.Add(PaneLine.Note("  the frame has no stack pointer"));
            return;
        }

        var slots = position.CallerStackPointer is { } callerSp && callerSp > sp
            ? (int)Math.Min((callerSp - sp + 7) / 8, MaxSlots)
            : DefaultSlots;
        lines.Add(PaneLine.Heading($"stack at sp 0x{sp:x}"));
        var shown = 0;
        for (var slot = 0; slot < slots; slot++)
        {
            var address = sp + (ulong)(slot * 8);
            if (addresses.ReadUInt64(address) is not { } value)
            {
                break;
            }

            var where = addresses.Describe(value);
            lines.Add(PaneLine.Plain($"sp+0x{slot * 8:x2} 0x{value:x}{(where is null ? "" : "  " + where)}"));
            shown++;
        }

        if (shown == 0)
        {
            lines.Add(PaneLine.Note("  not captured"));
        }
    }
}
