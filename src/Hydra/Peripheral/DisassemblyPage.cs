using Backtrace.Hydra.Inspection;
using Backtrace.Snapshots.Model;
using Iced.Intel;

namespace Backtrace.Hydra.Peripheral;

/// <summary>
/// The instructions around the selected frame's pc, decoded with Iced from the code bytes the capture copied.
/// x86 code cannot be decoded backwards, so the page searches the bytes before the pc for a start from which
/// decoding lands exactly on the instruction of interest.
/// </summary>
public static class DisassemblyPage
{
    /// <summary>How far before the pc a decoding start is searched for.</summary>
    public const int LookBehindBytes = 64;

    /// <summary>Instructions shown after the pc.</summary>
    public const int InstructionsAfter = 16;

    public static PeripheralPage Build(PeripheralContext context)
    {
        if (context.Position.Frame is not { } frame)
        {
            return new PeripheralPage("Disassembly", [PaneLine.Note("this thread has no frames")]);
        }

        var title = $"Disassembly {FrameText.Function(frame)}";
        if (Bitness(context) is not { } bitness)
        {
            var arch = context.Snapshot.Host?.Architecture ?? "an unknown architecture";
            return new PeripheralPage(title, [PaneLine.Note($"disassembly covers x86 and x86-64; this snapshot is {arch}")]);
        }

        var pc = frame.Pc;
        var region = context.Addresses.RegionAt(pc);
        if (region is null)
        {
            return new PeripheralPage(title, [PaneLine.Note($"code bytes at pc 0x{pc:x} not captured")]);
        }

        // The innermost frame stopped at pc; an outer frame's pc is a return address, so the instruction of
        // interest is the call that ends there.
        var returnAddress = context.Position.FrameIndex > 0 && frame.Trust != FrameTrust.Context && !frame.Inlined;
        var start = FindStart(region, pc, bitness);
        var lines = new List<PaneLine>();
        var focus = 0;
        var formatter = new IntelFormatter(new SnapshotSymbolResolver(context.Snapshot, context.Addresses));
        formatter.Options.FirstOperandCharIndex = 8;
        var output = new StringOutput();
        var after = 0;
        foreach (var instruction in Decode(region, start, bitness))
        {
            var current = returnAddress ? instruction.NextIP == pc : instruction.IP <= pc && pc < instruction.NextIP;
            formatter.Format(instruction, output);
            var text = output.ToStringAndReset();
            if (instruction.IsInvalid)
            {
                text = "(bad)";
            }
            if (current)
            {
                focus = lines.Count;
            }

            lines.Add(new PaneLine($"{(current ? '>' : ' ')}{instruction.IP:x} {text}", current ? LineKind.Current : LineKind.Normal));
            if (instruction.IP >= pc && ++after >= InstructionsAfter)
            {
                break;
            }
        }

        return new PeripheralPage(title, lines, focus);
    }

    private static int? Bitness(PeripheralContext context)
    {
        switch (context.Snapshot.Host?.Architecture?.ToLowerInvariant())
        {
            case "x86_64" or "amd64" or "x64":
                return 64;
            case "i386" or "i486" or "i586" or "i686" or "x86":
                return 32;
            case null:
                var registers = context.Position.Thread.Registers;
                return registers.ContainsKey("rip") ? 64 : registers.ContainsKey("eip") ? 32 : null;
            default:
                return null;
        }
    }

    /// <summary>The earliest address before <paramref name="pc"/> from which decoding ends an instruction exactly at
    /// the pc: then the pc starts an instruction, and for a return address the call is the instruction before it.</summary>
    private static ulong FindStart(MemoryRegion region, ulong pc, int bitness)
    {
        var earliest = pc - region.Address > LookBehindBytes ? pc - LookBehindBytes : region.Address;
        for (var candidate = earliest; candidate < pc; candidate++)
        {
            foreach (var instruction in Decode(region, candidate, bitness))
            {
                if (instruction.IsInvalid || instruction.NextIP > pc)
                {
                    break;
                }

                if (instruction.NextIP == pc)
                {
                    return candidate;
                }
            }
        }

        // No clean path to the pc (the bytes before it are data, or were not captured): start at the pc itself.
        return pc;
    }

    private static IEnumerable<Instruction> Decode(MemoryRegion region, ulong start, int bitness)
    {
        var offset = (int)(start - region.Address);
        var decoder = Decoder.Create(bitness, new ByteArrayCodeReader(region.Bytes, offset, region.Bytes.Length - offset), start);
        while (decoder.IP < region.Address + (ulong)region.Bytes.Length)
        {
            decoder.Decode(out var instruction);
            yield return instruction;
        }
    }
}
