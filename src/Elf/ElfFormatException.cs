namespace Backtrace.Elf;

/// <summary>
/// Malformed ELF data, or malformed DWARF data inside an ELF file: an offset or size out of bounds, a truncated
/// record, a value no producer would write. The message names the structure, the offset and what was wrong.
/// </summary>
public sealed class ElfFormatException : FormatException
{
    /// <summary>Creates the exception with a precise message.</summary>
    public ElfFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a precise message and the error that caused it.</summary>
    public ElfFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
