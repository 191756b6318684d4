using Backtrace.Elf;

namespace Backtrace.Dwarf.Info;

/// <summary>
/// The DWARF sections of one ELF file, each read (and inflated, when compressed) on first use only, so a module whose
/// source lines are never asked for costs nothing.
/// </summary>
internal sealed class DwarfSections(ElfFile file)
{
    private int _preloading;

    private readonly Lazy<ReadOnlyMemory<byte>> _info = Section(file, ".debug_info");
    private readonly Lazy<ReadOnlyMemory<byte>> _abbrev = Section(file, ".debug_abbrev");
    private readonly Lazy<ReadOnlyMemory<byte>> _line = Section(file, ".debug_line");
    private readonly Lazy<ReadOnlyMemory<byte>> _lineStr = Section(file, ".debug_line_str");
    private readonly Lazy<ReadOnlyMemory<byte>> _str = Section(file, ".debug_str");
    private readonly Lazy<ReadOnlyMemory<byte>> _strOffsets = Section(file, ".debug_str_offsets");
    private readonly Lazy<ReadOnlyMemory<byte>> _addr = Section(file, ".debug_addr");
    private readonly Lazy<ReadOnlyMemory<byte>> _ranges = Section(file, ".debug_ranges");
    private readonly Lazy<ReadOnlyMemory<byte>> _rngLists = Section(file, ".debug_rnglists");
    private readonly Lazy<ReadOnlyMemory<byte>> _aranges = Section(file, ".debug_aranges");

    public string Name { get; } = file.Name;

    public ReadOnlyMemory<byte> Info => _info.Value;

    public ReadOnlyMemory<byte> Abbrev => _abbrev.Value;

    public ReadOnlyMemory<byte> Line => _line.Value;

    public ReadOnlyMemory<byte> LineStr => _lineStr.Value;

    public ReadOnlyMemory<byte> Str => _str.Value;

    public ReadOnlyMemory<byte> StrOffsets => _strOffsets.Value;

    public ReadOnlyMemory<byte> Addr => _addr.Value;

    public ReadOnlyMemory<byte> Ranges => _ranges.Value;

    public ReadOnlyMemory<byte> RngLists => _rngLists.Value;

    public ReadOnlyMemory<byte> Aranges => _aranges.Value;

    /// <summary>
    /// When sections must be inflated (compressed, and not in the on-disk cache), starts inflating all but
    /// <c>.debug_aranges</c> and <c>.debug_info</c> on another thread, at most once: a first lookup needs those two first
    /// and inflates them itself meanwhile, so on two cores the largest debug files cost about the time of their
    /// <c>.debug_info</c>. A section being inflated there is simply waited for.
    /// </summary>
    public void PreloadInBackground()
    {
        if (Interlocked.Exchange(ref _preloading, 1) != 0 || !file.NeedsInflation(".debug_info"))
        {
            return;
        }

        Lazy<ReadOnlyMemory<byte>>[] rest = [_abbrev, _line, _str, _lineStr, _rngLists, _ranges, _strOffsets, _addr];
        new Thread(() =>
        {
            foreach (var section in rest)
            {
                try
                {
                    _ = section.Value;
                }
                catch (ElfFormatException)
                {
                    // Kept by the Lazy: the lookup that needs this section reports it.
                }
                catch (ObjectDisposedException)
                {
                    // The file was closed before anyone needed the rest.
                    return;
                }
            }
        }) { Name = "dwarf-inflate", IsBackground = true }.Start();
    }

    /// <summary>True when the file has the sections source lookups need.</summary>
    public static bool Has(ElfFile file) =>
        (file.FindSection(".debug_info") ?? file.FindSection(".zdebug_info")) is { HasNoBits: false }
        && (file.FindSection(".debug_line") ?? file.FindSection(".zdebug_line")) is { HasNoBits: false };

    private static Lazy<ReadOnlyMemory<byte>> Section(ElfFile file, string name) =>
        new(() => file.GetDebugSectionData(name), LazyThreadSafetyMode.ExecutionAndPublication);
}
