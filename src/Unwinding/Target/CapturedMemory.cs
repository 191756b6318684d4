namespace Backtrace.Unwinding.Target;

/// <summary>
/// Memory copied out of a target: a set of non-overlapping blocks (stacks, pages around registers, first pages of
/// modules). Reads may span adjacent blocks. Add every block first, then read; adding after reading is allowed but
/// re-sorts.
/// </summary>
public sealed class CapturedMemory
{
    private readonly List<(ulong Address, ReadOnlyMemory<byte> Bytes)> _blocks = [];
    private bool _sorted = true;

    /// <summary>Number of blocks held.</summary>
    public int BlockCount => _blocks.Count;

    /// <summary>Total bytes held.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>The blocks, sorted by address.</summary>
    public IReadOnlyList<(ulong Address, ReadOnlyMemory<byte> Bytes)> Blocks
    {
        get
        {
            EnsureSorted();
            return _blocks;
        }
    }

    /// <summary>Adds a block of bytes captured at <paramref name="address"/>.</summary>
    /// <exception cref="ArgumentException">The block wraps around the address space or overlaps a block already added.</exception>
    public void Add(ulong address, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (address + (ulong)bytes.Length < address)
        {
            throw new ArgumentException($"block at 0x{address:x} of {bytes.Length} bytes wraps around the address space", nameof(bytes));
        }

        EnsureSorted();
        var index = FindBlockAtOrBefore(address + (ulong)bytes.Length - 1);
        if (index >= 0 && _blocks[index].Address + (ulong)_blocks[index].Bytes.Length > address)
        {
            throw new ArgumentException($"block at 0x{address:x} of {bytes.Length} bytes overlaps the block at 0x{_blocks[index].Address:x}", nameof(bytes));
        }

        if (_blocks.Count > 0 && _blocks[^1].Address > address)
        {
            _sorted = false;
        }

        _blocks.Add((address, bytes));
        TotalBytes += bytes.Length;
    }

    /// <summary>Copies bytes at <paramref name="address"/>; false when any byte of the range was not captured.</summary>
    public bool TryRead(ulong address, Span<byte> destination)
    {
        EnsureSorted();
        var index = FindBlockAtOrBefore(address);
        while (!destination.IsEmpty)
        {
            if (index < 0 || index >= _blocks.Count)
            {
                return false;
            }

            var (start, bytes) = _blocks[index];
            if (address < start || address - start >= (ulong)bytes.Length)
            {
                return false;
            }

            var offset = (int)(address - start);
            var count = Math.Min(bytes.Length - offset, destination.Length);
            bytes.Span.Slice(offset, count).CopyTo(destination);
            destination = destination[count..];
            address += (ulong)count;
            index++;
        }

        return true;
    }

    private int FindBlockAtOrBefore(ulong address)
    {
        int lo = 0, hi = _blocks.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_blocks[mid].Address <= address)
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

    private void EnsureSorted()
    {
        if (!_sorted)
        {
            _blocks.Sort(static (a, b) => a.Address.CompareTo(b.Address));
            _sorted = true;
        }
    }
}
