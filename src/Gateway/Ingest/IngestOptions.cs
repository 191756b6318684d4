using Backtrace.Snapshots.Validation;

namespace Backtrace.Gateway.Ingest;

/// <summary>
/// Bounds and rates for snapshot submission (native and Backtrace-compatible). Bound from the
/// configuration section <see cref="Section"/> and validated at start.
/// </summary>
public sealed class IngestOptions
{
    /// <summary>Configuration section: <c>Backtrace:Ingest</c>.</summary>
    public const string Section = "Backtrace:Ingest";

    /// <summary>Largest request body accepted, as sent (compressed or not). Default 32 MiB; larger bodies get 413.</summary>
    public long MaxBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Largest body after decompression (gzip or deflate). Default 64 MiB: a body that inflates beyond it
    /// (a zip bomb) gets 413 and is never held in full.
    /// </summary>
    public long MaxDecompressedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Submissions per second allowed to one token (a token bucket refilled every second). Default 5000.</summary>
    public int RateLimitPerSecond { get; set; } = 5000;

    /// <summary>Submissions one token may make at once after a quiet period (the bucket's size). Default 5000.</summary>
    public int RateLimitBurst { get; set; } = 5000;

    /// <summary>Most attachments (files beside the report in a multipart <c>/post</c>) kept with one snapshot. Default 20;
    /// a submission with more gets 413 and nothing is stored. 0 refuses every attachment.</summary>
    public int MaxAttachments { get; set; } = 20;

    /// <summary>Largest attachment, in bytes. Default 16 MiB; a larger one gets 413 and nothing is stored.
    /// The whole body is bounded by <see cref="MaxBodyBytes"/> as well.</summary>
    public long MaxAttachmentBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Limits on the snapshot document itself (section <c>Backtrace:Ingest:Limits</c>); docs/snapshot-format.md lists the defaults.</summary>
    public SnapshotLimits Limits { get; set; } = new();
}
