namespace Backtrace.Capture.Model;

/// <summary>
/// The captured address space: non-overlapping segments sorted by address. Reads that cross segment
/// boundaries succeed as long as the segments are adjacent; reads of bytes nobody captured fail.
/// </summary>
public sealed class ProcessMemory
{
    private readonly List<MemorySegment> _segments = [];
    private bool _sorted = true;

    public IReadOnlyList<MemorySegment> Segments
    {
        get
        {
            EnsureSorted();
            return _segments;
        }
    }

    /// <summary>Adds a segment. Overlaps are resolved in favour of the segment added first.</summary>
    public void Add(MemorySegment segment)
    {
        if (segment.Length == 0)
        {
            return;
        }

        if (_segments.Count > 0 && _segments[^1].End > segment.Start)
        {
            _sorted = false;
        }

        _segments.Add(segment);
    }

    /// <summary>Copies as many bytes as are captured contiguously from <paramref name="address"/>; returns the count.</summary>
    public int Read(ulong address, Span<byte> destination)
    {
        EnsureSorted();
        var total = 0;
        while (total < destination.Length)
        {
            var index = Find(address);
            if (index < 0)
            {
                break;
            }

            var segment = _segments[index];
            var read = segment.Read(address - segment.Start, destination[total..]);
            if (read <= 0)
            {
                break;
            }

            total += read;
            address += (ulong)read;
        }

        return total;
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes, or returns false.</summary>
    public bool TryRead(ulong address, Span<byte> destination) => Read(address, destination) == destination.Length;

    /// <summary>Reads a little-endian u64, or returns false.</summary>
    public bool TryReadUInt64(ulong address, out ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        if (TryRead(address, buffer))
        {
            value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(buffer);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>True when <paramref name="address"/> lies inside a captured segment.</summary>
    public bool Contains(ulong address) => Find(address) >= 0;

    /// <summary>
    /// The lowest captured segment that overlaps [<paramref name="start"/>, <paramref name="end"/>), or null: a binary
    /// search, because a core's snapshot ranges (a few per register of every thread) are looked up among hundreds of segments.
    /// </summary>
    public MemorySegment? FirstOverlapping(ulong start, ulong end)
    {
        EnsureSorted();

        // The first segment that ends after start; sorted, non-overlapping segments end in ascending order too.
        int low = 0, high = _segments.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_segments[middle].End <= start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low < _segments.Count && _segments[low].Start < end ? _segments[low] : null;
    }

    private int Find(ulong address)
    {
        EnsureSorted();
        int low = 0, high = _segments.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var segment = _segments[middle];
            if (address < segment.Start)
            {
                high = middle - 1;
            }
            else if (address >= segment.End)
            {
                low = middle + 1;
            }
            else
            {
                return middle;
            }
        }

        return -1;
    }

    private void EnsureSorted()
    {
        if (_sorted)
        {
            return;
        }

        // Stable sort keeps the first-added segment first among equal starts; then drop overlapped tails.
        var ordered = _segments.Select((s, i) => (s, i)).OrderBy(p => p.s.Start).ThenBy(p => p.i).Select(p => p.s).ToList();
        _segments.Clear();
        foreach (var segment in ordered)
        {
            if (_segments.Count > 0 && segment.Start < _segments[^1].End)
            {
                continue;
            }

            _segments.Add(segment);
        }

        _sorted = true;
    }
}
