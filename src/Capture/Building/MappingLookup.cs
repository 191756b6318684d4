using Backtrace.Snapshots.Model;

namespace Backtrace.Capture.Building;

/// <summary>
/// Finds the mapping that holds an address by binary search over the mappings sorted by start: a snapshot labels a
/// memory range per register of every thread, and a large process has hundreds of mappings.
/// </summary>
internal sealed class MappingLookup
{
    private readonly MemoryMapping[] _byStart;

    public MappingLookup(IEnumerable<MemoryMapping> mappings)
    {
        // Both sources list mappings in address order already (maps, PT_LOAD); sorting keeps the lookup right regardless.
        _byStart = [.. mappings];
        Array.Sort(_byStart, static (a, b) => a.Start.CompareTo(b.Start));
    }

    /// <summary>The permissions of the mapping that holds <paramref name="address"/>, or null when none does.</summary>
    public string? PermissionsAt(ulong address)
    {
        // The last mapping that starts at or below the address is the only candidate (mappings do not overlap).
        int low = 0, high = _byStart.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_byStart[middle].Start <= address)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low > 0 && address < _byStart[low - 1].End ? _byStart[low - 1].Permissions : null;
    }
}
