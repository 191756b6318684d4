using Backtrace.Analysis.Decoding;
using Backtrace.Analysis.Linux;
using Backtrace.Analysis.Memory;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// Read, write or execute, from the decoded faulting instruction; the faulting operand and the registers
/// that formed its address; non-canonical and misaligned operands; wild jumps with the caller recovered.
/// </summary>
internal sealed class FaultDirectionRule : IAnalysisRule
{
    public string Id => "fault-direction";

    public void Run(AnalysisContext context)
    {
        if (context.Fault is not { Signal: Signals.Sigsegv or Signals.Sigbus } fault || Signals.WasSent(fault) ||
            context.Shape is not { } shape)
        {
            return;
        }

        var source = "analysis/" + Id;
        var findings = context.Findings;
        if (shape.Direction == FaultDirection.Execute)
        {
            findings.Classify(Classifiers.Execute);
            findings.Classify(Classifiers.WildJump);
            findings.Annotate(AnnotationLevel.Critical, "Wild jump", WildJump(context, shape), source, context.FaultTarget(0, shape.Pc));
            return;
        }

        if (shape.Instruction is not { } instruction)
        {
            findings.Annotate(AnnotationLevel.Comment, "Fault direction",
                $"The faulting instruction at 0x{shape.Pc:x} could not be decoded: its code bytes were not captured. " +
                "Whether the access was a read or a write is unknown.", source, context.FaultTarget(0, shape.Pc));
            return;
        }

        var access = shape.FaultingAccess;
        var code = $"`{instruction.Text}` ({instruction.BytesHex}) at {context.DescribeCode(shape.Pc)}";
        if (shape.NonCanonical && access is not null)
        {
            findings.Classify(Classifiers.NonCanonical);
            findings.Classify(access.IsWrite ? Classifiers.Write : Classifiers.Read);
            findings.Annotate(AnnotationLevel.Critical, "Non-canonical address",
                $"{code} uses the non-canonical address 0x{access.Address:x} through {access.Describe()}: bits 63..47 are not all equal, " +
                "so the CPU raised a general-protection fault. The pointer is garbage: uninitialised, poisoned or overwritten.",
                source, context.FaultTarget(0, access.Address));
            return;
        }

        if (shape.MisalignedFor > 0 && access is not null)
        {
            findings.Classify(Classifiers.Alignment);
            findings.Annotate(AnnotationLevel.Critical, "Misaligned operand",
                $"{code} requires a {shape.MisalignedFor}-byte aligned operand, but {access.Describe()} is 0x{access.Address:x} " +
                $"(misaligned by {access.Address % (ulong)shape.MisalignedFor} bytes). Suspect a misaligned stack or a pointer into the middle of an object.",
                source, context.FaultTarget(0, access.Address));
            return;
        }

        if (access is null)
        {
            var operands = instruction.Accesses.Count == 0 ? "it has no memory operand"
                : "none of its memory operands (" + string.Join(", ", instruction.Accesses.Select(a => $"{a.Describe()} = {Hex(a.Address)}")) + ") covers the fault address";
            findings.Annotate(AnnotationLevel.Comment, "Fault direction", $"{code}: {operands}; the direction is unknown.",
                source, context.FaultTarget(0, shape.Pc));
            return;
        }

        var (classifier, verb) = shape.Direction switch
        {
            FaultDirection.Write => (Classifiers.Write, "WRITE to"),
            FaultDirection.ReadWrite => (Classifiers.Write, "READ-MODIFY-WRITE of"),
            _ => (Classifiers.Read, "READ from"),
        };
        findings.Classify(classifier);
        var culprits = shape.Culprits.Count == 0 ? "a constant address"
            : string.Join(" and ", shape.Culprits.Select(c => $"{c.Register} (0x{c.Value:x})"));
        findings.Annotate(AnnotationLevel.Comment, "Fault direction",
            $"{verb} {access.Size} byte{(access.Size == 1 ? "" : "s")} at 0x{shape.Address:x} by {code}. " +
            $"Faulting operand {access.Describe()}, address formed from {culprits}.",
            source, context.FaultTarget(0, shape.Address));
    }

    /// <summary>Explains an instruction fetch from a bad address and recovers who jumped there.</summary>
    private static string WildJump(AnalysisContext context, FaultShape shape)
    {
        var pc = shape.Pc;
        var mapping = context.Space.Find(pc);
        var target = !X86Registers.IsCanonical(pc) ? "a non-canonical address"
            : mapping is null ? (context.Space.IsKnown ? "an unmapped address" : "an address whose code could not be read")
            : $"non-executable memory ({AddressSpace.Describe(mapping)})";
        var text = $"Execution jumped to 0x{pc:x}, {target}.";
        if (context.Register("rsp") is not { } rsp)
        {
            return text;
        }

        // After a call, [rsp] is the return address into the caller. After a ret to a smashed return
        // address, that address sat at [rsp-8].
        if (context.Memory.TryReadUInt64(rsp, out var ret, "analysis:wild-jump") && IsCode(context, ret))
        {
            var call = CallBefore(context, ret);
            return text + $" It was called from {context.DescribeCode(ret - (ulong)(call?.Bytes.Length ?? 0))}" +
                   (call is null ? $" (return address 0x{ret:x} at [rsp])." : $" by `{call.Text}`: a call through a bad function pointer.");
        }

        if (rsp >= 8 && context.Memory.TryReadUInt64(rsp - 8, out var popped, "analysis:wild-jump") && popped == pc)
        {
            return text + $" The target was popped from the stack at 0x{rsp - 8:x} by a `ret`: the return address was overwritten (stack corruption).";
        }

        return text + " No return address at [rsp]: the jump was not a call, or the stack was not captured.";
    }

    private static bool IsCode(AnalysisContext context, ulong address) =>
        context.Space.Find(address) is { } m && AddressSpace.Allows(m, 'x');

    /// <summary>The call instruction that ends exactly at <paramref name="returnAddress"/>, if one decodes there.</summary>
    private static DecodedInstruction? CallBefore(AnalysisContext context, ulong returnAddress)
    {
        var registers = context.FaultingThread?.Registers ?? [];
        foreach (var length in (ReadOnlySpan<int>)[5, 6, 2, 3, 7, 4])
        {
            var decoded = InstructionDecoder.Decode(context.Memory, returnAddress - (ulong)length, registers);
            if (decoded is not null && decoded.Bytes.Length == length && decoded.Instruction.FlowControl is Iced.Intel.FlowControl.Call or Iced.Intel.FlowControl.IndirectCall)
            {
                return decoded;
            }
        }

        return null;
    }

    private static string Hex(ulong? value) => value is { } v ? $"0x{v:x}" : "?";
}
