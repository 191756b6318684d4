using System.Buffers;

namespace Backtrace.Elf;

/// <summary>Exposes a range of mapped file memory as <see cref="Memory{T}"/> without copying. The owner keeps the mapping alive.</summary>
internal sealed unsafe class UnmanagedMemoryManager(byte* pointer, int length) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
