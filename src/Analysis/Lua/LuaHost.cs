using KeraLua;

namespace Backtrace.Analysis.Lua;

/// <summary>
/// The C# functions the prelude wraps into the <c>bt</c> API. Each is a static delegate (Lua keeps its
/// function pointer) that finds its sandbox through <see cref="LuaSandbox.Current"/>, marks the host as
/// running (so allocations are not refused mid-callback), and turns any exception into <c>nil, message</c>:
/// an exception escaping a native callback would kill the process.
/// </summary>
internal static class LuaHost
{
    private static readonly (string Name, LuaFunction Function)[] Functions =
    [
        ("tick", Wrap(static (s, lua) => PushReason(lua, s.Tick()))),
        ("charge", Wrap(static (s, lua) => PushReason(lua, s.Charge(LuaStack.Integer(lua, 1) ?? 0)))),
        ("halted", Wrap(static (s, lua) => PushReason(lua, s.CheckLimits()))),
        ("remaining", Wrap(static (s, lua) => { lua.PushInteger(s.RemainingInstructions); return 1; })),
        ("log", Wrap(LuaWriteApi.Log)),
        ("fault", Wrap(LuaReadApi.Fault)),
        ("process", Wrap(LuaReadApi.Process)),
        ("threads", Wrap(LuaReadApi.Threads)),
        ("frames", Wrap(LuaReadApi.Frames)),
        ("registers", Wrap(LuaReadApi.Registers)),
        ("modules", Wrap(LuaReadApi.Modules)),
        ("mappings", Wrap(LuaReadApi.Mappings)),
        ("mapping", Wrap(LuaReadApi.Mapping)),
        ("attributes", Wrap(LuaReadApi.Attributes)),
        ("classifiers", Wrap(LuaReadApi.Classifiers)),
        ("annotations", Wrap(LuaReadApi.Annotations)),
        ("read", Wrap(LuaReadApi.Read)),
        ("regions", Wrap(LuaReadApi.Regions)),
        ("symbol", Wrap(LuaReadApi.Symbol)),
        ("classify", Wrap(LuaWriteApi.Classify)),
        ("set_attribute", Wrap(LuaWriteApi.SetAttribute)),
        ("annotate", Wrap(LuaWriteApi.Annotate)),
        ("add_frame", Wrap(LuaWriteApi.AddFrame)),
        ("set_fingerprint", Wrap(LuaWriteApi.SetFingerprint)),
    ];

    /// <summary>Pushes a table of the raw host functions (the prelude's first argument).</summary>
    public static void PushFunctionTable(KeraLua.Lua lua)
    {
        lua.CreateTable(0, Functions.Length);
        foreach (var (name, function) in Functions)
        {
            lua.PushString(name);
            lua.PushCFunction(function);
            lua.RawSet(-3);
        }
    }

    private static LuaFunction Wrap(Func<LuaSandbox, KeraLua.Lua, int> body) => state =>
    {
        var sandbox = LuaSandbox.Current;
        var lua = KeraLua.Lua.FromIntPtr(state);
        if (sandbox is null || lua is null)
        {
            return 0;
        }

        sandbox.EnterHost();
        try
        {
            if (!lua.CheckStack(8))
            {
                return 0;
            }

            return body(sandbox, lua);
        }
        catch (Exception e)
        {
            // A bug in an API function must not take the host down; the script sees an error value.
            lua.SetTop(0);
            return LuaStack.Fail(lua, "internal error in the bt API: " + e.Message);
        }
        finally
        {
            sandbox.ExitHost();
        }
    };

    /// <summary>No result while the run may go on; the reason it is being stopped otherwise.</summary>
    private static int PushReason(KeraLua.Lua lua, string? reason)
    {
        if (reason is null)
        {
            return 0;
        }

        lua.PushString(reason);
        return 1;
    }
}
