using Backtrace.Analysis.Decoding;
using Backtrace.Analysis.Linux;
using Backtrace.Analysis.Memory;

namespace Backtrace.Analysis;

/// <summary>Decodes the faulting instruction and works out which operand faulted (native-capture §3.2).</summary>
internal static class FaultShapeBuilder
{
    public static FaultShape? Build(AnalysisContext context)
    {
        if (context.FaultingThread is not { } thread || context.Pc is not { } pc)
        {
            return null;
        }

        var fault = context.Fault;
        var address = fault?.Address;
        var memoryFault = fault is { Signal: Signals.Sigsegv or Signals.Sigbus } && !Signals.WasSent(fault);

        // An instruction fetch from unmapped or non-executable memory: a wild jump. The kernel reports
        // si_addr == pc; without a map, unreadable code at si_addr == pc says the same.
        var pcMapping = context.Space.Find(pc);
        var pcExecutable = pcMapping is not null && AddressSpace.Allows(pcMapping, 'x');
        if (memoryFault && ((context.Space.IsKnown && !pcExecutable) || (address == pc && !CodeReadable(context, pc))))
        {
            return new FaultShape
            {
                Pc = pc,
                Direction = FaultDirection.Execute,
                Address = address ?? pc,
                NonCanonical = !X86Registers.IsCanonical(pc),
                Culprits = [("rip", pc)],
            };
        }

        var instruction = InstructionDecoder.Decode(context.Memory, pc, thread.Registers);
        if (instruction is null || !memoryFault)
        {
            return new FaultShape { Pc = pc, Instruction = instruction, Address = address };
        }

        MemoryAccess? access = null;
        var nonCanonical = false;
        var misaligned = 0;
        if (fault!.Code == Signals.SiKernel)
        {
            // #GP: the kernel reports address 0. The culprit is a non-canonical operand, or one that
            // breaks the instruction's alignment rule.
            access = instruction.Accesses.FirstOrDefault(a => a.Address is { } ea && !X86Registers.IsCanonical(ea));
            nonCanonical = access is not null;
            if (access is null && InstructionDecoder.RequiredAlignment(instruction.Instruction) is var align and > 0)
            {
                access = instruction.Accesses.FirstOrDefault(a => a.Address is { } ea && ea % (ulong)align != 0);
                misaligned = access is null ? 0 : align;
            }
        }
        else if (address is { } faultAddress)
        {
            access = instruction.Accesses.FirstOrDefault(a => a.Covers(faultAddress))
                // An access that straddles into a bad page faults at the page start, past the operand's first byte.
                ?? instruction.Accesses.FirstOrDefault(a => a.Address is { } ea && faultAddress > ea && faultAddress - ea < AddressSpace.PageSize);
        }

        var direction = access is null ? FaultDirection.Unknown
            : access.IsRead && access.IsWrite ? FaultDirection.ReadWrite
            : access.IsWrite ? FaultDirection.Write
            : FaultDirection.Read;
        var culprits = new List<(string, ulong)>();
        if (access?.Base is { } b and not "rip" && access.BaseValue is { } bv)
        {
            culprits.Add((b, bv));
        }

        if (access?.Index is { } i && access.IndexValue is { } iv)
        {
            culprits.Add((i, iv));
        }

        return new FaultShape
        {
            Pc = pc,
            Instruction = instruction,
            FaultingAccess = access,
            Direction = direction,
            Address = fault.Code == Signals.SiKernel ? access?.Address ?? address : address,
            NonCanonical = nonCanonical,
            MisalignedFor = misaligned,
            Culprits = culprits,
        };
    }

    private static bool CodeReadable(AnalysisContext context, ulong pc)
    {
        Span<byte> one = stackalloc byte[1];
        return context.Memory.Read(pc, one) == 1;
    }
}
