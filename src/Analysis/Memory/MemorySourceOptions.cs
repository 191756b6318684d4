namespace Backtrace.Analysis.Memory;

/// <summary>Bounds on reads through the extra <see cref="IMemoryReader"/> (live process or core file).</summary>
public sealed class MemorySourceOptions
{
    /// <summary>Largest single read, in bytes. Default 64 KiB.</summary>
    public int MaxReadBytes { get; set; } = 64 * 1024;

    /// <summary>Total bytes all analysis (built-in and Lua) may read through the extra reader. Default 4 MiB.</summary>
    public long MaxTotalBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Total bytes of evidence (bytes read through the extra reader that a finding used) copied into the
    /// snapshot's memory, so the server can re-run the same analysis. Default 64 KiB.
    /// </summary>
    public int MaxEvidenceBytes { get; set; } = 64 * 1024;

    /// <summary>Throws with a message naming the bad setting.</summary>
    public void Validate()
    {
        if (MaxReadBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReadBytes), MaxReadBytes, "MaxReadBytes must be positive (default 65536)");
        }

        if (MaxTotalBytes < MaxReadBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTotalBytes), MaxTotalBytes, "MaxTotalBytes must be at least MaxReadBytes");
        }

        if (MaxEvidenceBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEvidenceBytes), MaxEvidenceBytes, "MaxEvidenceBytes must not be negative (0 disables evidence)");
        }
    }
}
