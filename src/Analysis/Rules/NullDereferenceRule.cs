using Backtrace.Analysis.Linux;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// A fault below the first mappable page, or through a base register that is zero or tiny with a small
/// displacement, is a null dereference reported as NULL+offset (native-capture §3.3).
/// </summary>
internal sealed class NullDereferenceRule : IAnalysisRule
{
    /// <summary>
    /// Addresses below this are never mappable on stock kernels (<c>vm.mmap_min_addr</c> is 65536 on Debian and
    /// Ubuntu; some VMs use 4096, where 4096..65535 could be mapped, so a mapping there overrides the rule).
    /// </summary>
    public const ulong NullLimit = 65536;

    public string Id => "null-dereference";

    public void Run(AnalysisContext context)
    {
        if (context.Fault is not { Signal: Signals.Sigsegv, Code: Signals.SegvMaperr or Signals.SegvAccerr } || context.Shape is not { } shape)
        {
            return;
        }

        var address = shape.Address;
        var access = shape.FaultingAccess;
        string how;
        ulong offset;
        if (shape.Direction == FaultDirection.Execute && shape.Pc < NullLimit)
        {
            offset = shape.Pc;
            how = $"call or jump through a NULL function pointer: execution at NULL+0x{offset:x}";
        }
        else if (address is { } a && a < NullLimit && context.Space.Find(a) is null)
        {
            offset = a;
            var verb = shape.Direction switch
            {
                FaultDirection.Write or FaultDirection.ReadWrite => "write to",
                FaultDirection.Read => "read from",
                _ => "access to",
            };
            how = $"{verb} NULL+0x{offset:x}" + (access is null ? "" : $" through {access.Describe()}");
            if (access is { IndexValue: > 0, Index: { } index })
            {
                how += $"; the non-zero index {index} makes it an array element of a NULL array";
            }
            else if (offset > 0)
            {
                how += $"; a member at offset 0x{offset:x} of a NULL struct or object";
            }
        }
        else if (access is { BaseValue: { } b, Base: { } baseRegister } && b < NullLimit && Math.Abs(access.Displacement) < (long)NullLimit &&
                 access.IndexValue is { } iv && iv != 0 && access.Address is { } ea)
        {
            // A NULL array indexed far enough to leave the null page: the base still says NULL.
            offset = ea - b;
            how = $"array access on a NULL base {baseRegister}=0x{b:x} with index {access.Index}=0x{iv:x}: NULL+0x{ea:x}";
        }
        else
        {
            return;
        }

        context.Findings.Classify(Classifiers.NullDereference);
        context.Findings.Annotate(AnnotationLevel.Critical, $"Null dereference (NULL+0x{offset:x})",
            $"Null pointer dereference: {how}.", "analysis/" + Id, context.FaultTarget(0, address));
    }
}
