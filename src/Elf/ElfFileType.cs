namespace Backtrace.Elf;

/// <summary>The <c>e_type</c> of an ELF file.</summary>
public enum ElfFileType : ushort
{
    /// <summary>ET_NONE.</summary>
    None = 0,

    /// <summary>ET_REL: an object file.</summary>
    Relocatable = 1,

    /// <summary>ET_EXEC: a fixed-address executable.</summary>
    Executable = 2,

    /// <summary>ET_DYN: a shared object or position-independent executable.</summary>
    SharedObject = 3,

    /// <summary>ET_CORE: a core dump.</summary>
    Core = 4,
}
