using KeraLua;

namespace Backtrace.Analysis.Lua;

/// <summary>
/// Raw stack helpers for API callbacks. Only raw, non-raising Lua calls are used: no metamethods run and no
/// Lua error can be raised from C# (which would unwind across managed frames).
/// </summary>
internal static class LuaStack
{
    public static void Set(KeraLua.Lua lua, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        lua.PushString(key);
        lua.PushString(value);
        lua.RawSet(-3);
    }

    public static void Set(KeraLua.Lua lua, string key, long value)
    {
        lua.PushString(key);
        lua.PushInteger(value);
        lua.RawSet(-3);
    }

    public static void Set(KeraLua.Lua lua, string key, long? value)
    {
        if (value is { } v)
        {
            Set(lua, key, v);
        }
    }

    public static void Set(KeraLua.Lua lua, string key, bool value)
    {
        lua.PushString(key);
        lua.PushBoolean(value);
        lua.RawSet(-3);
    }

    public static void Set(KeraLua.Lua lua, string key, double value)
    {
        lua.PushString(key);
        lua.PushNumber(value);
        lua.RawSet(-3);
    }

    /// <summary>An integer argument (an integral float is accepted), or null.</summary>
    public static long? Integer(KeraLua.Lua lua, int index)
    {
        if (lua.Type(index) != LuaType.Number)
        {
            return null;
        }

        if (lua.IsInteger(index))
        {
            return lua.ToInteger(index);
        }

        var number = lua.ToNumber(index);
        return number == Math.Floor(number) && number is >= long.MinValue and <= long.MaxValue ? (long)number : null;
    }

    /// <summary>A string argument (numbers are not converted), or null.</summary>
    public static string? String(KeraLua.Lua lua, int index) =>
        lua.Type(index) == LuaType.String ? lua.ToString(index, false) : null;

    /// <summary>Pushes <c>nil, message</c> and returns 2: the API's way to report an error without raising.</summary>
    public static int Fail(KeraLua.Lua lua, string message)
    {
        lua.PushNil();
        lua.PushString(message);
        return 2;
    }

    /// <summary>Pushes <c>true</c> and returns 1.</summary>
    public static int Ok(KeraLua.Lua lua)
    {
        lua.PushBoolean(true);
        return 1;
    }
}
