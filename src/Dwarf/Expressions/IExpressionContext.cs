namespace Backtrace.Dwarf.Expressions;

/// <summary>What a DWARF expression may read while it is evaluated: the registers of the frame and the target's memory.</summary>
public interface IExpressionContext
{
    /// <summary>The value of DWARF register <paramref name="register"/> in the frame, if known.</summary>
    bool TryGetRegister(int register, out ulong value);

    /// <summary>Reads target memory; false when any byte is unavailable.</summary>
    bool TryReadMemory(ulong address, scoped Span<byte> destination);
}
