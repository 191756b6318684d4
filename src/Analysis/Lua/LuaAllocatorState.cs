using System.Runtime.InteropServices;

namespace Backtrace.Analysis.Lua;

/// <summary>The allocator's counters, in native memory passed to Lua as the allocator's user data.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LuaAllocatorState
{
    public long Used;
    public long Peak;
    public long Limit;

    /// <summary>Non-zero while C# code (setup or an API callback) runs: allocations are not refused then.</summary>
    public int HostDepth;

    /// <summary>Set once an allocation was refused for the limit.</summary>
    public int LimitHit;

    /// <summary>Set when the run is being stopped: every further script allocation is refused.</summary>
    public int Halted;
}
