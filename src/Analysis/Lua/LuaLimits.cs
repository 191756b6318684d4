namespace Backtrace.Analysis.Lua;

/// <summary>
/// The limits one Lua module runs under, for its whole run on one snapshot (loading it and all its
/// handlers). A module that exceeds one is stopped and reported as an annotation; capture or ingest goes on.
/// </summary>
public sealed class LuaLimits
{
    /// <summary>Lua VM instructions. Default 20 million (a few hundred milliseconds of pure Lua).</summary>
    public long MaxInstructions { get; set; } = 20_000_000;

    /// <summary>Bytes the module's Lua state may allocate. Default 32 MiB.</summary>
    public long MaxMemoryBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Wall-clock time. Default 1 second.</summary>
    public TimeSpan WallClock { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest module source accepted. Default 1 MiB.</summary>
    public int MaxSourceBytes { get; set; } = 1024 * 1024;

    /// <summary>Annotations one module may add. Default 64.</summary>
    public int MaxAnnotations { get; set; } = 64;

    /// <summary>Bytes of one annotation's text or JSON body. Default 64 KiB.</summary>
    public int MaxAnnotationBytes { get; set; } = 64 * 1024;

    /// <summary>Classifiers one module may add. Default 32.</summary>
    public int MaxClassifiers { get; set; } = 32;

    /// <summary>Attributes one module may set. Default 64.</summary>
    public int MaxAttributes { get; set; } = 64;

    /// <summary>Synthetic frames one module may add. Default 4096.</summary>
    public int MaxFrames { get; set; } = 4096;

    /// <summary>Throws with a message naming the bad setting and its allowed range.</summary>
    public void Validate()
    {
        Require(MaxInstructions >= 10_000, nameof(MaxInstructions), "at least 10000");
        Require(MaxMemoryBytes >= 1024 * 1024, nameof(MaxMemoryBytes), "at least 1 MiB (a Lua state with its libraries needs about 100 KiB)");
        Require(WallClock > TimeSpan.Zero, nameof(WallClock), "positive");
        Require(MaxSourceBytes > 0, nameof(MaxSourceBytes), "positive");
        Require(MaxAnnotations >= 0 && MaxClassifiers >= 0 && MaxAttributes >= 0 && MaxFrames >= 0, "Max*", "zero or more");
        Require(MaxAnnotationBytes >= 256, nameof(MaxAnnotationBytes), "at least 256");
    }

    private static void Require(bool ok, string name, string what)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, $"LuaLimits.{name} must be {what}");
        }
    }
}
