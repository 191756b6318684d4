namespace Backtrace.Elf;

/// <summary>Bytes of an ELF image at a stable address for the life of the <see cref="ElfFile"/>: a mapped file or a pinned array.</summary>
internal abstract unsafe class ElfStorage : IDisposable
{
    public byte* Pointer { get; protected set; }

    public long Length { get; protected set; }

    public abstract void Dispose();
}
