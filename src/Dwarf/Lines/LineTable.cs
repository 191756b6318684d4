namespace Backtrace.Dwarf.Lines;

/// <summary>The decoded line program of one unit: rows sorted by address (sequence by sequence) and the file names they index.</summary>
internal sealed class LineTable
{
    private readonly LineRow[] _rows;
    private readonly string?[] _files;

    public LineTable(LineRow[] rows, string?[] files)
    {
        _rows = rows;
        _files = files;
    }

    public int RowCount => _rows.Length;

    /// <summary>The row whose range holds <paramref name="address"/>: the last row at or below it, if that row does not end a sequence.</summary>
    public bool TryFind(ulong address, out LineRow row)
    {
        int lo = 0, hi = _rows.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_rows[mid].Address <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (found < 0 || _rows[found].EndSequence)
        {
            row = default;
            return false;
        }

        row = _rows[found];
        return true;
    }

    /// <summary>The path of file number <paramref name="index"/> as the program numbers them (1-based before DWARF 5, 0-based from 5).</summary>
    public string? FileName(long index) => index >= 0 && index < _files.Length ? _files[index] : null;
}
