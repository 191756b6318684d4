namespace Backtrace.Unwinding.Target;

/// <summary>
/// A loaded object of the target: its path as the target saw it, its extent and, when the front end could
/// read it from the target's memory, its GNU build-id. The unwinder opens the file (through
/// <see cref="Modules.ModuleCache"/>) to get symbols and unwind tables, and compares build-ids.
/// </summary>
public sealed class TargetModule
{
    /// <summary>Creates a module description.</summary>
    /// <param name="path">Path as mapped in the target (for cores, as on the crashing machine).</param>
    /// <param name="start">Lowest address of the module's mappings.</param>
    /// <param name="end">First address past the module's highest mapping.</param>
    public TargetModule(string path, ulong start, ulong end)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"module {path}: end 0x{end:x} must be above start 0x{start:x}");
        }

        Path = path;
        Start = start;
        End = end;
    }

    /// <summary>Path as mapped in the target; <c>[vdso]</c> for the vDSO.</summary>
    public string Path { get; }

    /// <summary>Lowest address of the module's mappings.</summary>
    public ulong Start { get; }

    /// <summary>First address past the module's highest mapping.</summary>
    public ulong End { get; }

    /// <summary>GNU build-id read from the target's memory (the ELF notes in the first page), or null if unknown.</summary>
    public byte[]? BuildId { get; init; }

    /// <summary>
    /// Load bias (address in the target minus virtual address in the file), when the front end knows it, e.g. from
    /// <c>link_map.l_addr</c>. Null: the unwinder computes it from the mappings and the file's <c>PT_LOAD</c> segments.
    /// </summary>
    public ulong? LoadBias { get; init; }

    /// <summary>
    /// True when the module's ELF image must be read from the target's memory rather than from a file: the vDSO,
    /// or an object whose file is gone. Set by <see cref="ListFromMappings"/> for <c>[vdso]</c>.
    /// </summary>
    public bool ImageInMemory { get; init; }

    /// <summary>True when <paramref name="address"/> lies in <c>[Start, End)</c>.</summary>
    public bool Contains(ulong address) => address >= Start && address < End;

    /// <summary>
    /// Groups the file-backed mappings (and the vDSO) of a memory map into modules: consecutive mappings of the same
    /// path form one module. Files none of whose mappings is executable (locale archives, fonts, data files) are
    /// left out: they hold no code. Build-ids are left unknown; the unwinder reads them from the files it opens.
    /// </summary>
    /// <param name="mappings">The memory map, sorted by start address.</param>
    public static List<TargetModule> ListFromMappings(IReadOnlyList<MappedRegion> mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        var hasCode = new HashSet<string>(StringComparer.Ordinal);
        foreach (var region in mappings)
        {
            if (region.IsExecutable && region.Path is { } codePath)
            {
                hasCode.Add(codePath);
            }
        }

        var modules = new List<TargetModule>();
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < mappings.Count; i++)
        {
            var region = mappings[i];
            var isVdso = region.Path == "[vdso]";
            if ((!region.IsFileBacked && !isVdso) || !hasCode.Contains(region.Path!))
            {
                continue;
            }

            var path = region.Path!;

            // A file mapped again at offset 0 after another object starts a new instance (dlopen of a copy);
            // otherwise later segments extend the module that the offset-0 mapping opened.
            if (open.TryGetValue(path, out var index) && !(region.FileOffset == 0 && modules[index].End != region.Start))
            {
                var existing = modules[index];
                modules[index] = new TargetModule(path, existing.Start, Math.Max(existing.End, region.End)) { ImageInMemory = isVdso };
                continue;
            }

            open[path] = modules.Count;
            modules.Add(new TargetModule(path, region.Start, region.End) { ImageInMemory = isVdso });
        }

        return modules;
    }
}
