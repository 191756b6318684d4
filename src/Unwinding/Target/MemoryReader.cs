namespace Backtrace.Unwinding.Target;

/// <summary>Reads target memory: fills <paramref name="destination"/> from <paramref name="address"/> or returns false.</summary>
public delegate bool MemoryReader(ulong address, Span<byte> destination);
