namespace Backtrace.Analysis.Lua;

/// <summary>How a Lua module's run ended.</summary>
public enum LuaModuleOutcome
{
    /// <summary>It ran to completion; its findings were applied.</summary>
    Completed,

    /// <summary>It raised an error (or failed to compile); its findings were discarded.</summary>
    Failed,

    /// <summary>It hit a limit (instructions, memory, wall clock) and was stopped; its findings were discarded.</summary>
    Stopped,
}
