namespace Backtrace.Elf;

/// <summary>Program header types (<c>p_type</c>) the reader interprets; other values pass through unnamed.</summary>
public enum ElfSegmentType : uint
{
    /// <summary>PT_NULL.</summary>
    Null = 0,

    /// <summary>PT_LOAD: a loadable segment.</summary>
    Load = 1,

    /// <summary>PT_DYNAMIC.</summary>
    Dynamic = 2,

    /// <summary>PT_INTERP.</summary>
    Interpreter = 3,

    /// <summary>PT_NOTE.</summary>
    Note = 4,

    /// <summary>PT_PHDR.</summary>
    ProgramHeaders = 6,

    /// <summary>PT_TLS.</summary>
    Tls = 7,

    /// <summary>PT_GNU_EH_FRAME: the <c>.eh_frame_hdr</c> lookup table.</summary>
    GnuEhFrame = 0x6474e550,

    /// <summary>PT_GNU_STACK.</summary>
    GnuStack = 0x6474e551,

    /// <summary>PT_GNU_RELRO.</summary>
    GnuRelro = 0x6474e552,

    /// <summary>PT_GNU_PROPERTY.</summary>
    GnuProperty = 0x6474e553,
}
