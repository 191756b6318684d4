using Backtrace.Dwarf.Expressions;
using Backtrace.Unwinding.Registers;
using Backtrace.Unwinding.Target;

namespace Backtrace.Unwinding.Walking;

/// <summary>Lets DWARF expressions of a frame read that frame's registers and the target's memory, without copying the registers.</summary>
internal readonly ref struct FrameExpressionContext(ref readonly X64RegisterSet registers, ITargetProcess target) : IExpressionContext
{
    private readonly ref readonly X64RegisterSet _registers = ref registers;

    public bool TryGetRegister(int register, out ulong value)
    {
        if ((uint)register <= 16)
        {
            return _registers.TryGet((X64Register)register, out value);
        }

        value = 0;
        return false;
    }

    public bool TryReadMemory(ulong address, scoped Span<byte> destination) => target.TryReadMemory(address, destination);
}
