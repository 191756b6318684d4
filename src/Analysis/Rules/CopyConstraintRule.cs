using Backtrace.Analysis.Linux;
using Backtrace.Analysis.Memory;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// Checks the arguments of a memcpy, memmove, memset or strcpy-family function that is the faulting frame:
/// overlap, unmapped or read-only destination, unreadable source, absurd length (native-capture §3.3).
/// The SysV arguments rdi=dst, rsi=src, rdx=len are trusted only when the faulting operand is formed from
/// them (the small and medium copy paths keep the entry values) or the pc is still in the prologue.
/// </summary>
internal sealed class CopyConstraintRule : IAnalysisRule
{
    /// <summary>Lengths above 2 GiB are not copies any program means to make (and negative ones as signed).</summary>
    public const ulong AbsurdLength = 1UL << 31;

    public string Id => "copy-constraints";

    public void Run(AnalysisContext context)
    {
        if (context.Fault is not { Signal: Signals.Sigsegv or Signals.Sigbus } fault || Signals.WasSent(fault) ||
            context.FaultingThread is not { Frames.Count: > 0 } thread || context.Shape is not { } shape)
        {
            return;
        }

        var frame = thread.Frames[0];
        var kind = CopyFunctions.Classify(frame.Function);
        if (kind == CopyFunction.Move && thread.Frames.Count > 1 && FrameNames.Is(thread.Frames[1], "__memcpy_chk", "__mempcpy_chk"))
        {
            kind = CopyFunction.Copy; // the fortified memcpy calls the shared implementation: the call was a memcpy
        }

        if (kind == CopyFunction.None)
        {
            return;
        }

        var findings = context.Findings;
        var problems = new List<string>();
        var access = shape.FaultingAccess;
        if (access is not null && shape.Address is { } address)
        {
            var mapping = context.Space.Find(address);
            if (access.IsWrite)
            {
                if (mapping is null)
                {
                    findings.Classify(Classifiers.InvalidDestination);
                    problems.Add($"the destination write at 0x{address:x} hit unmapped memory");
                }
                else if (!AddressSpace.Allows(mapping, 'w'))
                {
                    findings.Classify(Classifiers.ReadOnlyDestination);
                    problems.Add($"the destination 0x{address:x} is read-only ({AddressSpace.Describe(mapping)})");
                }
            }
            else if (mapping is null || !AddressSpace.Allows(mapping, 'r'))
            {
                findings.Classify(Classifiers.InvalidSource);
                problems.Add($"the source read at 0x{address:x} hit {(mapping is null ? "unmapped" : "unreadable")} memory");
            }
        }

        var dst = context.Register("rdi");
        var src = context.Register("rsi");
        var len = context.Register("rdx");
        var trusted = ArgumentsTrusted(shape, frame);
        var hasLength = kind is CopyFunction.Copy or CopyFunction.Move or CopyFunction.Set or CopyFunction.BoundedStringCopy;
        if (trusted && hasLength && len is { } n)
        {
            if (n > AbsurdLength)
            {
                findings.Classify(Classifiers.BadLength);
                problems.Add($"the length 0x{n:x} is absurd{((long)n < 0 ? $" ({(long)n} as a signed value: a negative size converted to size_t)" : "")}");
            }

            if (kind is CopyFunction.Copy or CopyFunction.Move && dst is { } d && src is { } s && n > 0 && d < s + n && s < d + n)
            {
                if (kind == CopyFunction.Copy)
                {
                    findings.Classify(Classifiers.CopyOverlap);
                    problems.Add($"the ranges [0x{d:x}, +0x{n:x}) and [0x{s:x}, +0x{n:x}) overlap, which memcpy does not allow (use memmove)");
                }
                else
                {
                    problems.Add($"the ranges [0x{d:x}, +0x{n:x}) and [0x{s:x}, +0x{n:x}) overlap (fine for memmove; undefined behaviour if the call was memcpy, which shares this implementation in glibc)");
                }
            }
        }

        if (problems.Count == 0)
        {
            return;
        }

        var name = FrameNames.Describe(frame);
        var args = kind switch
        {
            CopyFunction.Set => $"dst=0x{dst:x}, c=0x{(src ?? 0) & 0xff:x}, len=0x{len:x}",
            CopyFunction.StringCopy => $"dst=0x{dst:x}, src=0x{src:x}",
            _ => $"dst=0x{dst:x}, src=0x{src:x}, len=0x{len:x}",
        };
        var trust = trusted ? "" : " (the argument registers had already advanced, so only the faulting operand is judged)";
        context.Findings.Annotate(AnnotationLevel.Critical, "Function constraint violated",
            $"{name}({args}){trust}: {string.Join("; ", problems)}.", "analysis/" + Id, context.FaultTarget(0, shape.Address));
    }

    private static bool ArgumentsTrusted(FaultShape shape, SnapshotFrame frame)
    {
        if (frame.FunctionOffset is < 8)
        {
            return true;
        }

        if (shape.Instruction is not { } instruction || shape.FaultingAccess is not { } access)
        {
            return false;
        }

        // rep movs/stos advance rdi and rsi and count rcx down: the entry values are gone.
        if (instruction.Instruction.HasRepPrefix || instruction.Instruction.HasRepePrefix)
        {
            return false;
        }

        return access.Base is "rdi" or "rsi" or "rdx" || access.Index is "rdi" or "rsi" or "rdx";
    }
}
