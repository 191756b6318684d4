using Backtrace.Analysis.Memory;
using Iced.Intel;

namespace Backtrace.Analysis.Decoding;

/// <summary>
/// Decodes x86-64 instructions from analysis memory with Iced. Iced's tables cost 12-15 ms on first use,
/// so only rules that need an instruction call this, and only for the faulting pc (and a few neighbours).
/// </summary>
internal static class InstructionDecoder
{
    /// <summary>Longest x86 instruction.</summary>
    public const int MaxInstructionLength = 15;

    /// <summary>
    /// Decodes the instruction at <paramref name="pc"/>, evaluating memory operands with
    /// <paramref name="registers"/>. Null when no valid instruction can be read there.
    /// </summary>
    public static DecodedInstruction? Decode(AnalysisMemory memory, ulong pc, IReadOnlyDictionary<string, ulong> registers)
    {
        var bytes = new byte[MaxInstructionLength];
        var got = memory.Read(pc, bytes, "analysis:code");
        if (got == 0)
        {
            return null;
        }

        return Decode(bytes.AsSpan(0, got).ToArray(), pc, registers);
    }

    /// <summary>Decodes the first instruction of <paramref name="code"/>, placed at <paramref name="pc"/>.</summary>
    public static DecodedInstruction? Decode(byte[] code, ulong pc, IReadOnlyDictionary<string, ulong> registers)
    {
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(code), pc);
        decoder.Decode(out var instruction);
        if (instruction.IsInvalid || instruction.Length > code.Length)
        {
            return null;
        }

        var accesses = new List<MemoryAccess>();
        var info = new InstructionInfoFactory().GetInfo(instruction);
        foreach (var used in info.GetUsedMemory())
        {
            // VSIB (gather/scatter) operands have one address per vector element: not a single culprit.
            if (used.VsibSize != 0)
            {
                continue;
            }

            ulong? address = used.TryGetVirtualAddress(0, out var ea, (Register register, int _, int _, out ulong value) =>
                X86Registers.TryGetValue(registers, register, out value)) ? ea : null;
            var baseName = X86Registers.Name(used.Base);
            var indexName = X86Registers.Name(used.Index);
            accesses.Add(new MemoryAccess(
                baseName,
                indexName,
                used.Scale,
                (long)used.Displacement,
                used.MemorySize.GetSize(),
                used.Access,
                address,
                baseName is not null && registers.TryGetValue(baseName, out var b) ? b : null,
                indexName is not null && registers.TryGetValue(indexName, out var i) ? i : null));
        }

        var output = new FastStringOutput();
        var formatter = new FastFormatter();
        formatter.Options.SpaceAfterOperandSeparator = true;
        formatter.Format(instruction, output);
        return new DecodedInstruction(instruction, output.ToString(), code[..instruction.Length], accesses);
    }

    /// <summary>
    /// The alignment in bytes the instruction demands of its memory operand (a misaligned operand raises #GP,
    /// which Linux reports as SIGSEGV with SI_KERNEL and address 0), or 0 when it tolerates any alignment.
    /// </summary>
    public static int RequiredAlignment(in Instruction instruction)
    {
        switch (instruction.Mnemonic)
        {
            case Mnemonic.Cmpxchg16b:
            case Mnemonic.Movaps or Mnemonic.Movapd or Mnemonic.Movdqa or Mnemonic.Movntps or Mnemonic.Movntpd:
            case Mnemonic.Movntdq or Mnemonic.Movntdqa:
            case Mnemonic.Fxsave or Mnemonic.Fxsave64 or Mnemonic.Fxrstor or Mnemonic.Fxrstor64:
                return 16;
            case Mnemonic.Vmovaps or Mnemonic.Vmovapd or Mnemonic.Vmovdqa or Mnemonic.Vmovdqa32 or Mnemonic.Vmovdqa64:
            case Mnemonic.Vmovntps or Mnemonic.Vmovntpd or Mnemonic.Vmovntdq or Mnemonic.Vmovntdqa:
                return MemorySizeOf(instruction);
        }

        // Legacy-encoded SSE instructions with a 16-byte memory operand require alignment, except the
        // explicitly unaligned loads and stores.
        if (instruction.Encoding == EncodingKind.Legacy && MemorySizeOf(instruction) == 16 &&
            instruction.Mnemonic is not (Mnemonic.Movups or Mnemonic.Movupd or Mnemonic.Movdqu or Mnemonic.Lddqu))
        {
            for (var i = 0; i < instruction.OpCount; i++)
            {
                if (instruction.GetOpKind(i) == OpKind.Register && instruction.GetOpRegister(i).IsXMM())
                {
                    return 16;
                }
            }
        }

        return 0;
    }

    private static int MemorySizeOf(in Instruction instruction) => instruction.MemorySize.GetSize();
}
