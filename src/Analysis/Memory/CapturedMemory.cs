using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Memory;

/// <summary>
/// The bytes a snapshot carries (<see cref="Snapshot.Memory"/>), indexed by address so reads are a binary
/// search. Overlapping regions are allowed; a read is served by the first region that covers its start.
/// </summary>
public sealed class CapturedMemory : IMemoryReader
{
    private readonly MemoryRegion[] _regions;

    public CapturedMemory(IEnumerable<MemoryRegion> regions)
    {
        _regions = regions.Where(r => r.Bytes.Length > 0).OrderBy(r => r.Address).ToArray();
    }

    /// <summary>The regions, sorted by address.</summary>
    public IReadOnlyList<MemoryRegion> Regions => _regions;

    /// <inheritdoc />
    public int Read(ulong address, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var at = address + (ulong)total;
            if (at < address)
            {
                break; // wrapped past the top of the address space
            }

            var region = Find(at);
            if (region is null)
            {
                break;
            }

            var offset = (int)(at - region.Address);
            var count = Math.Min(region.Bytes.Length - offset, destination.Length - total);
            region.Bytes.AsSpan(offset, count).CopyTo(destination[total..]);
            total += count;
        }

        return total;
    }

    /// <summary>The region holding <paramref name="address"/>, or null.</summary>
    public MemoryRegion? Find(ulong address)
    {
        // Last region starting at or below the address; earlier ones may still cover it when regions overlap.
        int lo = 0, hi = _regions.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_regions[mid].Address <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        for (var i = found; i >= 0 && i > found - 8; i--)
        {
            var r = _regions[i];
            if (address - r.Address < (ulong)r.Bytes.Length)
            {
                return r;
            }
        }

        return null;
    }
}
