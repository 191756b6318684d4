using System.Text.RegularExpressions;
using Backtrace.Snapshots.Model;
using KeraLua;

namespace Backtrace.Analysis.Lua;

/// <summary>API functions that add to the module's findings, each validated and bounded by <see cref="LuaLimits"/>.</summary>
internal static partial class LuaWriteApi
{
    private const int MaxNameLength = 200;
    private const int MaxAttributeText = 1024;
    private const int MaxLogLine = 1024;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex LabelPattern();

    public static int Log(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var log = sandbox.Api.Log;
        if (log.Count < LuaApiState.MaxLogLines && LuaStack.String(lua, 1) is { } line)
        {
            log.Add(line.Length > MaxLogLine ? line[..MaxLogLine] : line);
        }

        return 0;
    }

    public static int Classify(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var findings = sandbox.Api.Findings;
        if (LuaStack.String(lua, 1) is not { } name || !LabelPattern().IsMatch(name))
        {
            return LuaStack.Fail(lua, "a classifier is 1-64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }

        if (!findings.Has(name) && findings.Classifiers.Count >= sandbox.Api.Limits.MaxClassifiers)
        {
            return LuaStack.Fail(lua, $"a module may add at most {sandbox.Api.Limits.MaxClassifiers} classifiers");
        }

        findings.Classify(name);
        return LuaStack.Ok(lua);
    }

    public static int SetAttribute(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var attributes = sandbox.Api.Findings.Attributes;
        if (LuaStack.String(lua, 1) is not { } key || !LabelPattern().IsMatch(key))
        {
            return LuaStack.Fail(lua, "an attribute key is 1-64 characters of a-z, 0-9, '.', '_' and '-'");
        }

        AttributeValue value;
        switch (lua.Type(2))
        {
            case LuaType.String when LuaStack.String(lua, 2) is { Length: <= MaxAttributeText } text:
                value = text;
                break;
            case LuaType.Number:
                value = lua.ToNumber(2);
                break;
            case LuaType.Boolean:
                value = lua.ToBoolean(2);
                break;
            default:
                return LuaStack.Fail(lua, $"an attribute value is a string of at most {MaxAttributeText} bytes, a number or a boolean");
        }

        if (!attributes.ContainsKey(key) && attributes.Count >= sandbox.Api.Limits.MaxAttributes)
        {
            return LuaStack.Fail(lua, $"a module may set at most {sandbox.Api.Limits.MaxAttributes} attributes");
        }

        attributes[key] = value;
        return LuaStack.Ok(lua);
    }

    /// <summary><c>annotate(level, name, body, tid, frame, address)</c>: body is a string, or a table for a JSON annotation.</summary>
    public static int Annotate(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var api = sandbox.Api;
        var limits = api.Limits;
        AnnotationLevel? level = LuaStack.String(lua, 1) switch
        {
            "comment" => AnnotationLevel.Comment,
            "warning" => AnnotationLevel.Warning,
            "critical" => AnnotationLevel.Critical,
            _ => null,
        };
        if (level is null)
        {
            return LuaStack.Fail(lua, "the level is \"comment\", \"warning\" or \"critical\"");
        }

        if (LuaStack.String(lua, 2) is not { Length: > 0 and <= MaxNameLength } name)
        {
            return LuaStack.Fail(lua, $"an annotation name is a string of 1 to {MaxNameLength} bytes");
        }

        if (api.Findings.Annotations.Count >= limits.MaxAnnotations)
        {
            return LuaStack.Fail(lua, $"a module may add at most {limits.MaxAnnotations} annotations");
        }

        var annotation = new Annotation { Level = level.Value, Name = name, Source = api.Source, Target = Target(lua, api) };
        if (lua.Type(3) == LuaType.Table)
        {
            var json = LuaJson.FromTable(lua, 3, limits.MaxAnnotationBytes, out var error);
            if (json is null)
            {
                return LuaStack.Fail(lua, error!);
            }

            annotation.Json = json;
        }
        else if (LuaStack.String(lua, 3) is { } text && text.Length <= limits.MaxAnnotationBytes)
        {
            annotation.Text = text;
        }
        else
        {
            return LuaStack.Fail(lua, $"an annotation body is a string of at most {limits.MaxAnnotationBytes} bytes or a table (JSON)");
        }

        api.Findings.Annotations.Add(annotation);
        return LuaStack.Ok(lua);
    }

    /// <summary><c>add_frame(tid, index, frame)</c>: a synthetic frame from a table {symbol, file, line, module, pc}.</summary>
    public static int AddFrame(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var api = sandbox.Api;
        if (LuaStack.Integer(lua, 1) is not { } tid || api.Thread(tid) is not { } thread)
        {
            return LuaStack.Fail(lua, "no thread with that tid");
        }

        if (LuaStack.Integer(lua, 2) is not { } index || index < 0 || index > thread.Frames.Count)
        {
            return LuaStack.Fail(lua, $"the frame index must be between 0 and {thread.Frames.Count}");
        }

        if (lua.Type(3) != LuaType.Table)
        {
            return LuaStack.Fail(lua, "the frame is a table {symbol=, file=, line=, module=, pc=}");
        }

        if (api.Findings.Frames.Count >= api.Limits.MaxFrames)
        {
            return LuaStack.Fail(lua, $"a module may add at most {api.Limits.MaxFrames} frames");
        }

        var frame = new SnapshotFrame
        {
            Trust = FrameTrust.Synthetic,
            Function = Field(lua, "symbol"),
            File = Field(lua, "file"),
            Module = Field(lua, "module"),
            Line = (int?)Clamp(IntegerField(lua, "line")),
            Pc = (ulong)(IntegerField(lua, "pc") ?? 0),
        };
        if (frame.Function is null && frame.File is null)
        {
            return LuaStack.Fail(lua, "a synthetic frame needs a symbol or a file");
        }

        api.Findings.Frames.Add(new SyntheticFrame(tid, (int)index, frame));
        return LuaStack.Ok(lua);
    }

    public static int SetFingerprint(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        if (LuaStack.String(lua, 1) is not { Length: > 0 and <= 256 } fingerprint)
        {
            return LuaStack.Fail(lua, "a fingerprint is a string of 1 to 256 bytes");
        }

        sandbox.Api.Findings.Fingerprint = fingerprint;
        return LuaStack.Ok(lua);
    }

    private static AnnotationTarget? Target(KeraLua.Lua lua, LuaApiState api)
    {
        var tid = LuaStack.Integer(lua, 4);
        var frame = LuaStack.Integer(lua, 5);
        var address = LuaStack.Integer(lua, 6);
        if (tid is null && address is null)
        {
            return null;
        }

        return new AnnotationTarget
        {
            ThreadId = tid is { } t && api.Thread(t) is not null ? t : null,
            FrameIndex = (int?)Clamp(frame),
            Address = (ulong?)address,
        };
    }

    private static string? Field(KeraLua.Lua lua, string key)
    {
        lua.PushString(key);
        lua.RawGet(3);
        var value = LuaStack.String(lua, -1);
        lua.Pop(1);
        return value is { Length: <= MaxAttributeText } ? value : null;
    }

    private static long? IntegerField(KeraLua.Lua lua, string key)
    {
        lua.PushString(key);
        lua.RawGet(3);
        var value = LuaStack.Integer(lua, -1);
        lua.Pop(1);
        return value;
    }

    private static long? Clamp(long? value) => value is { } v ? Math.Clamp(v, 0, int.MaxValue) : null;
}
