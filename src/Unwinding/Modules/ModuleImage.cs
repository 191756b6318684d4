using Backtrace.Dwarf;
using Backtrace.Dwarf.Cfi;
using Backtrace.Elf;
using Backtrace.Unwinding.Symbols;

namespace Backtrace.Unwinding.Modules;

/// <summary>
/// One ELF object opened from disk (or from target memory, for the vDSO) with its separate debug file: symbols,
/// unwind tables and line tables, each parsed lazily on first use and kept. Shared by every process that maps the
/// same build-id, so a resident agent parses a library once. Thread-safe for lookups.
/// </summary>
public sealed class ModuleImage : IDisposable
{
    private readonly Lazy<CallFrameInfo> _cfi;
    private readonly SymbolSource _symbols;
    private readonly Lazy<SourceLookup?> _lines;

    internal ModuleImage(string path, ElfFile elf, ElfFile? debug, string? debugFileProblem)
    {
        Path = path;
        Elf = elf;
        Debug = debug;
        BuildId = elf.BuildId;
        BuildIdHex = BuildId is { Length: > 0 } ? Convert.ToHexStringLower(BuildId) : null;
        DebugFilePath = debug?.Name;
        DebugFileProblem = debugFileProblem;
        _cfi = new Lazy<CallFrameInfo>(() => CallFrameInfo.Load(elf, debug), LazyThreadSafetyMode.ExecutionAndPublication);
        _symbols = new SymbolSource(elf, debug);
        _lines = new Lazy<SourceLookup?>(() => (debug is null ? null : SourceLookup.Create(debug)) ?? SourceLookup.Create(elf), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Path of the file on this machine (or <c>[vdso]</c> for an image read from memory).</summary>
    public string Path { get; }

    /// <summary>GNU build-id of the file, or null when it has none.</summary>
    public byte[]? BuildId { get; }

    /// <summary>Build-id as lower-case hex, or null.</summary>
    public string? BuildIdHex { get; }

    /// <summary>The separate debug file used for symbols, unwind tables and lines, or null.</summary>
    public string? DebugFilePath { get; }

    /// <summary>Why no separate debug file is used when one was named (CRC mismatch, build-id mismatch, unreadable), else null.</summary>
    public string? DebugFileProblem { get; }

    /// <summary>Why the symbol table could not be read, else null (reading happens on first lookup).</summary>
    public string? SymbolProblem => _symbols.Problem;

    internal ElfFile Elf { get; }

    internal ElfFile? Debug { get; }

    internal CallFrameInfo CallFrameInfo => _cfi.Value;

    internal SourceLookup? Lines => _lines.Value;

    /// <summary>
    /// Load bias for a mapping of this file at <paramref name="mappingStart"/> from file offset
    /// <paramref name="mappingFileOffset"/>: finds the <c>PT_LOAD</c> segment with that page offset.
    /// </summary>
    public bool TryGetLoadBias(ulong mappingStart, ulong mappingFileOffset, out ulong bias) =>
        Elf.TryGetLoadBias(mappingStart, mappingFileOffset, out bias);

    /// <summary>
    /// The symbol covering <paramref name="virtualAddress"/> (a file address, i.e. target address minus load bias),
    /// honouring <c>st_size</c>: an address past a sized symbol's end is in no symbol.
    /// </summary>
    public bool TryFindSymbol(ulong virtualAddress, out SymbolMatch match) => _symbols.TryFind(virtualAddress, out match);

    /// <summary>A symbol by exact (mangled) name, e.g. a global requested with <c>--global</c>.</summary>
    public bool TryFindSymbolByName(string name, out SymbolMatch match) => _symbols.TryFindByName(name, out match);

    /// <summary>Unmaps the files. Only the <see cref="ModuleCache"/> that owns the image calls this.</summary>
    public void Dispose()
    {
        Elf.Dispose();
        Debug?.Dispose();
    }
}
