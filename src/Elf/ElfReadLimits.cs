namespace Backtrace.Elf;

/// <summary>Upper bounds on what one ELF file may make the reader do. Files are untrusted; every count is checked against these.</summary>
public sealed class ElfReadLimits
{
    /// <summary>Shared default limits.</summary>
    public static ElfReadLimits Default { get; } = new();

    /// <summary>Largest file opened. Default 4 GiB.</summary>
    public long MaxFileSize { get; init; } = 4L << 30;

    /// <summary>Most program headers. Default 1 048 576 (cores of processes with very many mappings use PN_XNUM).</summary>
    public int MaxProgramHeaders { get; init; } = 1 << 20;

    /// <summary>Most section headers. Default 1 048 576.</summary>
    public int MaxSections { get; init; } = 1 << 20;

    /// <summary>Largest size a compressed section may claim once inflated. Default 1 GiB.</summary>
    public long MaxDecompressedSectionSize { get; init; } = 1L << 30;

    /// <summary>Most symbols read from one symbol table. Default 4 million.</summary>
    public int MaxSymbols { get; init; } = 4_000_000;

    /// <summary>Most notes read from one note segment or section. Default 1 048 576.</summary>
    public int MaxNotes { get; init; } = 1 << 20;
}
