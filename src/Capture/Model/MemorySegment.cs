namespace Backtrace.Capture.Model;

/// <summary>A contiguous range of a process's address space whose bytes the capture holds or can read.</summary>
public abstract class MemorySegment
{
    protected MemorySegment(ulong start, ulong length)
    {
        Start = start;
        Length = length;
    }

    public ulong Start { get; }

    public ulong Length { get; }

    public ulong End => Start + Length;

    /// <summary>Copies bytes starting <paramref name="offset"/> bytes into the segment; returns how many were copied.</summary>
    public abstract int Read(ulong offset, Span<byte> destination);
}

/// <summary>Bytes copied out of a live process (or kept from a core stream): a slice of an array.</summary>
public sealed class ArrayMemorySegment(ulong start, byte[] bytes, int offset, int length) : MemorySegment(start, (ulong)length)
{
    public ArrayMemorySegment(ulong start, byte[] bytes)
        : this(start, bytes, 0, bytes.Length)
    {
    }

    /// <summary>The copied bytes.</summary>
    public ReadOnlySpan<byte> Bytes => bytes.AsSpan(offset, (int)Length);

    public override int Read(ulong position, Span<byte> destination)
    {
        if (position >= Length)
        {
            return 0;
        }

        var count = (int)Math.Min((ulong)destination.Length, Length - position);
        bytes.AsSpan(offset + (int)position, count).CopyTo(destination);
        return count;
    }
}
