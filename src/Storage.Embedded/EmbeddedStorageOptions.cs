namespace Backtrace.Storage.Embedded;

/// <summary>Where and how embedded mode stores everything. Bound from the configuration section <see cref="Section"/>.</summary>
public sealed class EmbeddedStorageOptions
{
    /// <summary>Configuration section: <c>Backtrace:Storage</c>.</summary>
    public const string Section = "Backtrace:Storage";

    /// <summary>
    /// The data directory: <c>backtrace.db</c> (SQLite: grain state and query index) and <c>snapshots/</c>
    /// (one file per snapshot body). Created when missing. Required.
    /// </summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>Most writes committed in one transaction or one flush (default 512). Larger batches mean fewer
    /// fsyncs under load; a batch never waits to fill, so a lone write is committed at once.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>Threads that fsync snapshot bodies side by side (default 8): the filesystem folds concurrent
    /// fsyncs into one journal commit, so a batch of bodies costs about one commit.</summary>
    public int BodySyncThreads { get; set; } = 8;
}
