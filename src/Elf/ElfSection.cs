namespace Backtrace.Elf;

/// <summary>One section header of an ELF64 file.</summary>
/// <param name="Index">Index in the section header table.</param>
/// <param name="Name">Name from the section header string table ("" when it has none).</param>
/// <param name="Type">sh_type (1 PROGBITS, 2 SYMTAB, 7 NOTE, 8 NOBITS, 11 DYNSYM, ...).</param>
/// <param name="Flags">sh_flags (0x4 EXECINSTR, 0x800 COMPRESSED, ...).</param>
/// <param name="Address">sh_addr: virtual address when loaded, 0 otherwise.</param>
/// <param name="Offset">sh_offset in the file.</param>
/// <param name="Size">sh_size in the file (compressed size for compressed sections).</param>
/// <param name="Link">sh_link.</param>
/// <param name="Info">sh_info.</param>
/// <param name="EntrySize">sh_entsize.</param>
public readonly record struct ElfSection(
    int Index, string Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size, uint Link, uint Info, ulong EntrySize)
{
    /// <summary>SHT_NOBITS (0x8): the section occupies no bytes in the file (.bss, or stripped contents of a debug file).</summary>
    public bool HasNoBits => Type == 8;

    /// <summary>SHF_EXECINSTR: holds code.</summary>
    public bool IsExecutable => (Flags & 0x4) != 0;

    /// <summary>SHF_COMPRESSED: starts with an Elf64_Chdr.</summary>
    public bool IsCompressed => (Flags & 0x800) != 0;
}
