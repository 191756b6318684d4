namespace Backtrace.Analysis.Lua;

/// <summary>A Lua module could not be read (not a script error: those become annotations).</summary>
public sealed class LuaModuleException : Exception
{
    public LuaModuleException(string message) : base(message)
    {
    }

    public LuaModuleException(string message, Exception inner) : base(message, inner)
    {
    }
}
