namespace Backtrace.Elf;

/// <summary>STB_* symbol binding.</summary>
public enum ElfSymbolBinding : byte
{
    /// <summary>STB_LOCAL.</summary>
    Local = 0,

    /// <summary>STB_GLOBAL.</summary>
    Global = 1,

    /// <summary>STB_WEAK.</summary>
    Weak = 2,

    /// <summary>STB_GNU_UNIQUE.</summary>
    Unique = 10,
}
