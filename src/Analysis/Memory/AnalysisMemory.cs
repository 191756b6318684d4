using System.Buffers.Binary;
using System.Text;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Memory;

/// <summary>
/// The memory analysis reads: first the snapshot's captured regions, then (in the agent) the extra reader,
/// within <see cref="MemorySourceOptions"/> budgets. Bytes a built-in rule reads through the extra reader
/// are kept as evidence and added to the snapshot, so re-running analysis on the server sees them too.
/// </summary>
public sealed class AnalysisMemory
{
    private readonly CapturedMemory _captured;
    private readonly IMemoryReader? _extra;
    private readonly MemorySourceOptions _options;
    private readonly List<MemoryRegion> _evidence = [];
    private long _extraBytesRead;
    private int _evidenceBytes;

    public AnalysisMemory(CapturedMemory captured, IMemoryReader? extra, MemorySourceOptions options)
    {
        _captured = captured;
        _extra = extra;
        _options = options;
    }

    /// <summary>The snapshot's own regions.</summary>
    public CapturedMemory Captured => _captured;

    /// <summary>Bytes read so far through the extra reader.</summary>
    public long ExtraBytesRead => _extraBytesRead;

    /// <summary>Evidence regions collected so far (added to the snapshot by the engine).</summary>
    public IReadOnlyList<MemoryRegion> Evidence => _evidence;

    /// <summary>
    /// Reads up to <c>destination.Length</c> bytes (at most <see cref="MemorySourceOptions.MaxReadBytes"/>).
    /// Returns the number of leading bytes read. With <paramref name="evidenceLabel"/> set, bytes that had to
    /// come from the extra reader are recorded as evidence under that label.
    /// </summary>
    public int Read(ulong address, Span<byte> destination, string? evidenceLabel = null)
    {
        if (destination.Length > _options.MaxReadBytes)
        {
            destination = destination[.._options.MaxReadBytes];
        }

        var got = _captured.Read(address, destination);
        if (got == destination.Length || _extra is null)
        {
            return got;
        }

        var rest = destination[got..];
        var allowed = (int)Math.Min(rest.Length, _options.MaxTotalBytes - _extraBytesRead);
        if (allowed <= 0)
        {
            return got;
        }

        int more;
        try
        {
            more = _extra.Read(address + (ulong)got, rest[..allowed]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // A reader that breaks its contract (the process vanished, the core is truncated) reads nothing.
            more = 0;
        }

        more = Math.Clamp(more, 0, allowed);
        _extraBytesRead += allowed;
        if (more > 0 && evidenceLabel is not null)
        {
            Record(address + (ulong)got, rest[..more], evidenceLabel);
        }

        return got + more;
    }

    /// <summary>Reads a little-endian 64-bit word; false when any of its bytes is unreadable.</summary>
    public bool TryReadUInt64(ulong address, out ulong value, string? evidenceLabel = null)
    {
        Span<byte> buffer = stackalloc byte[8];
        if (Read(address, buffer, evidenceLabel) == 8)
        {
            value = BinaryPrimitives.ReadUInt64LittleEndian(buffer);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads a little-endian 32-bit word; false when any of its bytes is unreadable.</summary>
    public bool TryReadUInt32(ulong address, out uint value, string? evidenceLabel = null)
    {
        Span<byte> buffer = stackalloc byte[4];
        if (Read(address, buffer, evidenceLabel) == 4)
        {
            value = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// Reads a NUL-terminated string of at most <paramref name="maxBytes"/> bytes, decoded as UTF-8 (invalid
    /// sequences replaced). Returns null when the first byte is unreadable; a string cut by unreadable memory
    /// or by the bound is returned as far as it was read.
    /// </summary>
    public string? ReadCString(ulong address, int maxBytes, string? evidenceLabel = null)
    {
        var buffer = new byte[Math.Min(maxBytes, _options.MaxReadBytes)];
        var got = Read(address, buffer, evidenceLabel);
        if (got == 0)
        {
            return null;
        }

        var end = Array.IndexOf(buffer, (byte)0, 0, got);
        return Encoding.UTF8.GetString(buffer, 0, end < 0 ? got : end);
    }

    /// <summary>
    /// Keeps bytes a rule relied on as evidence, when they did not come from the snapshot's own capture
    /// (bytes already captured need no copy).
    /// </summary>
    public void AddEvidence(ulong address, ReadOnlySpan<byte> bytes, string label)
    {
        if (_captured.Find(address) is null)
        {
            Record(address, bytes, label);
        }
    }

    private void Record(ulong address, ReadOnlySpan<byte> bytes, string label)
    {
        var room = _options.MaxEvidenceBytes - _evidenceBytes;
        if (room <= 0)
        {
            return;
        }

        var kept = bytes[..Math.Min(bytes.Length, room)].ToArray();
        _evidence.Add(new MemoryRegion { Address = address, Label = label, Bytes = kept });
        _evidenceBytes += kept.Length;
    }
}
