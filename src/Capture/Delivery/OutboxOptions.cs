namespace Backtrace.Capture.Delivery;

/// <summary>Where undelivered snapshots wait, and how many of them may.</summary>
public sealed class OutboxOptions
{
    /// <summary>Default outbox directory.</summary>
    public const string DefaultDirectory = "/var/spool/backtrace-agent/outbox";

    public string Directory { get; set; } = DefaultDirectory;

    /// <summary>Most snapshots kept (default 200); the oldest are dropped beyond it.</summary>
    public int MaxFiles { get; set; } = 200;

    /// <summary>Most bytes kept (default 512 MiB); the oldest are dropped beyond it.</summary>
    public long MaxBytes { get; set; } = 512L * 1024 * 1024;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("the outbox directory must be set (--outbox DIR)");
        }

        if (MaxFiles < 1 || MaxBytes < 1024)
        {
            throw new ArgumentException("the outbox must allow at least 1 file and 1024 bytes");
        }
    }
}
