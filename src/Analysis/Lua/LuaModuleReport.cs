namespace Backtrace.Analysis.Lua;

/// <summary>What one Lua module did on one snapshot.</summary>
public sealed class LuaModuleReport
{
    public required string Module { get; init; }
    public required LuaModuleOutcome Outcome { get; init; }

    /// <summary>The error or the limit that stopped it; null when it completed.</summary>
    public string? Error { get; init; }

    /// <summary>Lua instructions executed (counted in steps of the hook interval).</summary>
    public long Instructions { get; init; }

    /// <summary>Highest number of bytes the module's Lua state held.</summary>
    public long PeakMemoryBytes { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Lines the module logged with <c>bt.log</c> or <c>print</c> (bounded).</summary>
    public IReadOnlyList<string> Log { get; init; } = [];
}
