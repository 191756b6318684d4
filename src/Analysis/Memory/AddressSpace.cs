using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Memory;

/// <summary>The process memory map (<see cref="Snapshot.Mappings"/>) indexed by address.</summary>
public sealed class AddressSpace
{
    /// <summary>Page size assumed for guard-page arithmetic (x86-64 Linux).</summary>
    public const ulong PageSize = 4096;

    private readonly MemoryMapping[] _mappings;

    public AddressSpace(IEnumerable<MemoryMapping> mappings)
    {
        _mappings = mappings.Where(m => m.End > m.Start).OrderBy(m => m.Start).ToArray();
    }

    /// <summary>Mappings sorted by start address.</summary>
    public IReadOnlyList<MemoryMapping> Mappings => _mappings;

    /// <summary>True when the snapshot carried a memory map at all; without one, "unmapped" cannot be concluded.</summary>
    public bool IsKnown => _mappings.Length > 0;

    /// <summary>The mapping containing <paramref name="address"/>, or null.</summary>
    public MemoryMapping? Find(ulong address)
    {
        var i = IndexAtOrBelow(address);
        return i >= 0 && address < _mappings[i].End ? _mappings[i] : null;
    }

    /// <summary>The nearest mapping that starts above <paramref name="address"/>, or null.</summary>
    public MemoryMapping? Above(ulong address)
    {
        var i = IndexAtOrBelow(address) + 1;
        return i < _mappings.Length ? _mappings[i] : null;
    }

    /// <summary>True when the mapping grants the permission letter (<c>r</c>, <c>w</c> or <c>x</c>).</summary>
    public static bool Allows(MemoryMapping mapping, char permission) =>
        permission switch
        {
            'r' => mapping.Permissions.Length > 0 && mapping.Permissions[0] == 'r',
            'w' => mapping.Permissions.Length > 1 && mapping.Permissions[1] == 'w',
            'x' => mapping.Permissions.Length > 2 && mapping.Permissions[2] == 'x',
            _ => false,
        };

    /// <summary>True for a <c>---p</c> mapping: a guard region.</summary>
    public static bool IsGuard(MemoryMapping mapping) => mapping.Permissions.StartsWith("---", StringComparison.Ordinal);

    /// <summary>A short description for annotations: <c>0x7f..-0x7f.. r-xp /usr/lib/.../libc.so.6</c>.</summary>
    public static string Describe(MemoryMapping mapping) =>
        $"0x{mapping.Start:x}-0x{mapping.End:x} {mapping.Permissions}{(mapping.Path is { } p ? " " + p : "")}";

    private int IndexAtOrBelow(ulong address)
    {
        int lo = 0, hi = _mappings.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_mappings[mid].Start <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}
