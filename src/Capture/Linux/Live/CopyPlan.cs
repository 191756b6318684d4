namespace Backtrace.Capture.Linux.Live;

/// <summary>
/// The ranges to copy while the target is stopped, merged so each byte is read once, placed back to
/// back in one pinned buffer. Adding ranges and merging allocate nothing once the arrays are sized.
/// </summary>
internal sealed class CopyPlan
{
    private CopyRange[] _ranges = new CopyRange[512];

    /// <summary>Upper bound on the bytes copied in total.</summary>
    public long Budget { get; }

    public CopyPlan(long budget)
    {
        Budget = budget;
    }

    public int Count { get; private set; }

    public Span<CopyRange> Ranges => _ranges.AsSpan(0, Count);

    /// <summary>Bytes the ranges add up to (after <see cref="Merge"/>).</summary>
    public long TotalBytes { get; private set; }

    /// <summary>True when some ranges were dropped or cut to stay within <see cref="Budget"/>.</summary>
    public bool Truncated { get; private set; }

    public void Add(ulong start, ulong end)
    {
        if (end <= start)
        {
            return;
        }

        if (Count == _ranges.Length)
        {
            Array.Resize(ref _ranges, _ranges.Length * 2);
        }

        _ranges[Count++] = new CopyRange { Start = start, End = end };
    }

    /// <summary>Sorts, merges overlapping and touching ranges, applies the budget and assigns buffer offsets.</summary>
    public void Merge()
    {
        var ranges = _ranges.AsSpan(0, Count);
        ranges.Sort();
        var merged = 0;
        for (var i = 0; i < ranges.Length; i++)
        {
            if (merged > 0 && ranges[i].Start <= ranges[merged - 1].End)
            {
                ranges[merged - 1].End = Math.Max(ranges[merged - 1].End, ranges[i].End);
            }
            else
            {
                ranges[merged++] = ranges[i];
            }
        }

        long offset = 0;
        var kept = 0;
        for (var i = 0; i < merged; i++)
        {
            var length = (long)(ranges[i].End - ranges[i].Start);
            if (offset + length > Budget)
            {
                Truncated = true;
                length = Budget - offset;
                if (length <= 0)
                {
                    continue;
                }

                ranges[i].End = ranges[i].Start + (ulong)length;
            }

            ranges[i].BufferOffset = offset;
            ranges[kept++] = ranges[i];
            offset += length;
        }

        Count = kept;
        TotalBytes = offset;
    }
}
