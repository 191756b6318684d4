namespace Backtrace.Storage.Embedded;

/// <summary>Where and how embedded mode stores everything. Bound from the configuration section <see cref="Section"/>.</summary>
public sealed class EmbeddedStorageOptions
{
    /// <summary>Configuration section: <c>Backtrace:Storage</c>.</summary>
    public const string Section = "Backtrace:Storage";

    /// <summary>
    /// The data directory: <c>backtrace.db</c> (SQLite: grain state and query index) and <c>bodies/</c>
    /// (snapshot bodies in append-only segment files). Created when missing. Required.
    /// </summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>Most writes committed in one transaction or one flush (default 512). Larger batches mean fewer
    /// fsyncs under load; a batch never waits to fill, so a lone write is committed at once.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>Size at which a segment file of snapshot bodies is closed and the next one started (default
    /// 256 MiB). A body larger than this gets a segment of its own.</summary>
    public long SegmentBytes { get; set; } = 256L * 1024 * 1024;
}
