using Backtrace.Analysis.Lua;
using Backtrace.Analysis.Memory;

namespace Backtrace.Analysis;

/// <summary>Settings of <see cref="SnapshotAnalyzer"/>. Defaults suit the agent; the server sets <see cref="BuiltIn"/> to <see cref="BuiltInAnalysis.IfNotAnalyzed"/>.</summary>
public sealed class AnalysisOptions
{
    public BuiltInAnalysis BuiltIn { get; set; } = BuiltInAnalysis.Always;

    /// <summary>Bounds on reads through the extra memory reader.</summary>
    public MemorySourceOptions Memory { get; set; } = new();

    /// <summary>Limits every Lua module runs under.</summary>
    public LuaLimits Lua { get; set; } = new();

    /// <summary>Throws with a message naming the bad setting.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(BuiltIn))
        {
            throw new ArgumentOutOfRangeException(nameof(BuiltIn), BuiltIn, "BuiltIn must be Always, IfNotAnalyzed or Never");
        }

        Memory.Validate();
        Lua.Validate();
    }
}
