namespace Backtrace.Hydra.Loading;

/// <summary>Bounds applied to untrusted snapshot input before it is parsed.</summary>
public sealed record LoadLimits
{
    /// <summary>Default largest snapshot accepted: 256 MiB. Captured stacks and memory make real snapshots a few MiB;
    /// the bound keeps a hostile or corrupt file from exhausting memory (the whole document is parsed in memory).</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>Largest snapshot document read, in bytes. Default: <see cref="DefaultMaxBytes"/>.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>How long a server may take to answer and send the snapshot. Default: 60 seconds.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
