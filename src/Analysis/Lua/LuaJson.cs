using System.Buffers;
using System.Globalization;
using System.Text.Json;
using KeraLua;

namespace Backtrace.Analysis.Lua;

/// <summary>
/// Converts a Lua table into JSON for an annotation body: a table whose keys are exactly 1..n becomes an
/// array, any other table an object (number keys written as text). Only raw access is used (no metamethods),
/// and depth and size are bounded, so cyclic or huge tables fail with a message instead of hanging.
/// </summary>
internal static class LuaJson
{
    public const int MaxDepth = 16;

    public static JsonElement? FromTable(KeraLua.Lua lua, int index, int maxBytes, out string? error)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            error = Write(lua, lua.GetTop() >= index ? Absolute(lua, index) : index, writer, 0, maxBytes);
            if (error is not null)
            {
                return null;
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static int Absolute(KeraLua.Lua lua, int index) => index > 0 ? index : lua.GetTop() + index + 1;

    private static string? Write(KeraLua.Lua lua, int index, Utf8JsonWriter writer, int depth, int maxBytes)
    {
        if (writer.BytesCommitted + writer.BytesPending > maxBytes)
        {
            return $"the JSON body is larger than {maxBytes} bytes";
        }

        switch (lua.Type(index))
        {
            case LuaType.Nil:
                writer.WriteNullValue();
                return null;
            case LuaType.Boolean:
                writer.WriteBooleanValue(lua.ToBoolean(index));
                return null;
            case LuaType.Number when lua.IsInteger(index):
                writer.WriteNumberValue(lua.ToInteger(index));
                return null;
            case LuaType.Number:
                var number = lua.ToNumber(index);
                if (double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                }

                return null;
            case LuaType.String:
                writer.WriteStringValue(lua.ToString(index, false));
                return null;
            case LuaType.Table:
                return depth >= MaxDepth
                    ? $"the JSON body nests deeper than {MaxDepth} levels (a table that contains itself?)"
                    : WriteTable(lua, index, writer, depth, maxBytes);
            default:
                return $"a JSON body may hold strings, numbers, booleans and tables, not a {lua.Type(index).ToString().ToLowerInvariant()}";
        }
    }

    private static string? WriteTable(KeraLua.Lua lua, int index, Utf8JsonWriter writer, int depth, int maxBytes)
    {
        if (!lua.CheckStack(4))
        {
            return "the JSON body is too deep";
        }

        var length = lua.RawLen(index);
        var keys = 0;
        var onlySequence = true;
        lua.PushNil();
        while (lua.Next(index))
        {
            keys++;
            if (!(lua.Type(-2) == LuaType.Number && lua.IsInteger(-2) && lua.ToInteger(-2) >= 1 && lua.ToInteger(-2) <= length))
            {
                onlySequence = false;
            }

            lua.Pop(1);
        }

        if (onlySequence && keys == length && length > 0)
        {
            writer.WriteStartArray();
            for (var i = 1; i <= length; i++)
            {
                lua.RawGetInteger(index, i);
                var error = Write(lua, lua.GetTop(), writer, depth + 1, maxBytes);
                lua.Pop(1);
                if (error is not null)
                {
                    return error;
                }
            }

            writer.WriteEndArray();
            return null;
        }

        writer.WriteStartObject();
        lua.PushNil();
        while (lua.Next(index))
        {
            // Never convert the key in place (lua_tolstring on a number key breaks lua_next).
            string? name = lua.Type(-2) switch
            {
                LuaType.String => lua.ToString(-2, false),
                LuaType.Number when lua.IsInteger(-2) => lua.ToInteger(-2).ToString(CultureInfo.InvariantCulture),
                LuaType.Number => lua.ToNumber(-2).ToString(CultureInfo.InvariantCulture),
                LuaType.Boolean => lua.ToBoolean(-2) ? "true" : "false",
                _ => null,
            };
            if (name is null)
            {
                lua.Pop(2);
                return "JSON object keys must be strings, numbers or booleans";
            }

            writer.WritePropertyName(name);
            var error = Write(lua, lua.GetTop(), writer, depth + 1, maxBytes);
            lua.Pop(1);
            if (error is not null)
            {
                lua.Pop(1);
                return error;
            }
        }

        writer.WriteEndObject();
        return null;
    }
}
