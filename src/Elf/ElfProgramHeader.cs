namespace Backtrace.Elf;

/// <summary>One program header (segment) of an ELF64 file.</summary>
/// <param name="Type">p_type.</param>
/// <param name="Flags">p_flags: 1 execute, 2 write, 4 read.</param>
/// <param name="Offset">p_offset: where the segment's bytes start in the file.</param>
/// <param name="VirtualAddress">p_vaddr.</param>
/// <param name="FileSize">p_filesz: bytes present in the file (0 for core segments that were not dumped).</param>
/// <param name="MemorySize">p_memsz.</param>
/// <param name="Alignment">p_align.</param>
public readonly record struct ElfProgramHeader(
    ElfSegmentType Type, uint Flags, ulong Offset, ulong VirtualAddress, ulong FileSize, ulong MemorySize, ulong Alignment)
{
    /// <summary>PF_X: executable.</summary>
    public bool IsExecutable => (Flags & 1) != 0;

    /// <summary>PF_W: writable.</summary>
    public bool IsWritable => (Flags & 2) != 0;

    /// <summary>PF_R: readable.</summary>
    public bool IsReadable => (Flags & 4) != 0;
}
