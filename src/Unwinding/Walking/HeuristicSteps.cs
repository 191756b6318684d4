using System.Buffers.Binary;
using Backtrace.Unwinding.Registers;
using Backtrace.Unwinding.Target;

namespace Backtrace.Unwinding.Walking;

/// <summary>
/// The fallbacks when CFI cannot find a caller: the frame-pointer chain (what JIT code such as .NET's keeps), then a
/// scan of stack words for a plausible return address. Both demand a canonical address in an executable mapping (not
/// necessarily a module: JIT code has none) that follows a call instruction, and a stack pointer that moves up.
/// </summary>
internal static class HeuristicSteps
{
    // Frames farther apart than this are not believed (rust-minidump's MAX_REASONABLE_GAP_BETWEEN_FRAMES).
    private const ulong MaxFrameGap = 128 * 1024;

    /// <summary><c>caller rip = [rbp+8]</c>, <c>caller rbp = [rbp]</c>, <c>caller rsp = rbp+16</c>, when all of it is plausible.</summary>
    public static bool TryFramePointer(ModuleMap map, ITargetProcess target, in X64RegisterSet callee, out X64RegisterSet caller)
    {
        caller = default;
        if (!callee.TryGet(X64Register.Rbp, out var rbp) || !callee.TryGet(X64Register.Rsp, out var rsp)
            || (rbp & 7) != 0 || rbp < rsp || rbp - rsp > MaxFrameGap || rbp > ulong.MaxValue - 16)
        {
            return false;
        }

        Span<byte> words = stackalloc byte[16];
        if (!target.TryReadMemory(rbp, words))
        {
            return false;
        }

        var callerRbp = BinaryPrimitives.ReadUInt64LittleEndian(words);
        var callerRip = BinaryPrimitives.ReadUInt64LittleEndian(words[8..]);
        var callerRsp = rbp + 16;
        if ((callerRbp != 0 && (callerRbp < callerRsp || (callerRbp & 7) != 0)) || !IsPlausibleReturnAddress(map, callerRip, requireCallSite: false))
        {
            return false;
        }

        caller.Rip = callerRip;
        caller.Rsp = callerRsp;
        caller[X64Register.Rbp] = callerRbp;
        return true;
    }

    /// <summary>Scans up to <paramref name="maxWords"/> words from rsp for a return address.</summary>
    public static bool TryScan(ModuleMap map, ITargetProcess target, in X64RegisterSet callee, int maxWords, out X64RegisterSet caller)
    {
        caller = default;
        if (!callee.TryGet(X64Register.Rsp, out var rsp) || maxWords == 0)
        {
            return false;
        }

        var hasRbp = callee.TryGet(X64Register.Rbp, out var rbp);
        Span<byte> word = stackalloc byte[8];
        var start = rsp & ~7UL;
        for (var i = 0; i < maxWords; i++)
        {
            var slot = start + ((ulong)i * 8);
            if (slot < start || !target.TryReadMemory(slot, word))
            {
                return false;
            }

            var candidate = BinaryPrimitives.ReadUInt64LittleEndian(word);
            if (!IsPlausibleReturnAddress(map, candidate, requireCallSite: true))
            {
                continue;
            }

            caller.Rip = candidate;
            caller.Rsp = slot + 8;

            // A frame-pointer prologue pushed rbp just below the return address: then the saved rbp is the caller's.
            if (hasRbp && rbp == slot - 8 && target.TryReadMemory(slot - 8, word))
            {
                caller[X64Register.Rbp] = BinaryPrimitives.ReadUInt64LittleEndian(word);
            }
            else if (hasRbp)
            {
                caller[X64Register.Rbp] = rbp;
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// Canonical, non-zero, in an executable mapping, and after a call. Frame-pointer frames accept code that could not
    /// be read (JIT code is rarely captured); scanned frames do not, having nothing else to go by.
    /// </summary>
    public static bool IsPlausibleReturnAddress(ModuleMap map, ulong address, bool requireCallSite)
    {
        if (address < 0x1000 || address > 0x0000_7fff_ffff_ffff || !map.IsExecutable(address - 1))
        {
            return false;
        }

        return CallSite.FollowsCall(map, address) ?? !requireCallSite;
    }
}
