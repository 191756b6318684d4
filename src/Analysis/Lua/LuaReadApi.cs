using Backtrace.Analysis.Memory;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Lua;

/// <summary>
/// API functions that read the snapshot. Every result is a fresh Lua table of primitives: no .NET object
/// crosses into Lua, so a script has nothing to reflect on. Addresses are Lua integers (64-bit; addresses
/// above 2^63 appear negative, which bitwise operations and <c>bt.hex</c> handle).
/// </summary>
internal static class LuaReadApi
{
    /// <summary>Largest single <c>bt.read</c>.</summary>
    public const int MaxRead = 64 * 1024;

    public static int Fault(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        if (sandbox.Api.Snapshot.Fault is not { } fault)
        {
            return 0;
        }

        lua.CreateTable(0, 8);
        LuaStack.Set(lua, "signal", fault.Signal);
        LuaStack.Set(lua, "name", fault.SignalName ?? Linux.Signals.Name(fault.Signal));
        LuaStack.Set(lua, "code", fault.Code);
        LuaStack.Set(lua, "code_name", fault.CodeName);
        LuaStack.Set(lua, "address", (long?)fault.Address);
        LuaStack.Set(lua, "sender_pid", fault.SenderPid);
        LuaStack.Set(lua, "sender_uid", fault.SenderUid);
        LuaStack.Set(lua, "thread", sandbox.Api.Snapshot.FaultingThread?.Tid ?? fault.ThreadId);
        return 1;
    }

    public static int Process(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var snapshot = sandbox.Api.Snapshot;
        lua.CreateTable(0, 8);
        LuaStack.Set(lua, "pid", snapshot.Process?.Pid);
        LuaStack.Set(lua, "name", snapshot.Process?.Name);
        LuaStack.Set(lua, "executable", snapshot.Process?.Executable);
        LuaStack.Set(lua, "state", snapshot.Process?.State);
        LuaStack.Set(lua, "application", snapshot.Application);
        LuaStack.Set(lua, "version", snapshot.ApplicationVersion);
        LuaStack.Set(lua, "source", snapshot.Capture?.Source);
        return 1;
    }

    public static int Threads(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var threads = sandbox.Api.Snapshot.Threads;
        lua.CreateTable(threads.Count, 0);
        for (var i = 0; i < threads.Count; i++)
        {
            var t = threads[i];
            lua.CreateTable(0, 6);
            LuaStack.Set(lua, "tid", t.Tid);
            LuaStack.Set(lua, "name", t.Name);
            LuaStack.Set(lua, "state", t.State);
            LuaStack.Set(lua, "faulted", t.Faulted || sandbox.Api.Snapshot.FaultingThread == t);
            LuaStack.Set(lua, "frame_count", (long)t.Frames.Count);
            lua.RawSetInteger(-2, i + 1);
        }

        return 1;
    }

    public static int Frames(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        if (LuaStack.Integer(lua, 1) is not { } tid || sandbox.Api.Thread(tid) is not { } thread)
        {
            return LuaStack.Fail(lua, "no thread with that tid");
        }

        lua.CreateTable(thread.Frames.Count, 0);
        for (var i = 0; i < thread.Frames.Count; i++)
        {
            var f = thread.Frames[i];
            lua.CreateTable(0, 12);
            LuaStack.Set(lua, "index", (long)i);
            LuaStack.Set(lua, "pc", (long)f.Pc);
            LuaStack.Set(lua, "sp", (long?)f.Sp);
            LuaStack.Set(lua, "module", f.Module);
            LuaStack.Set(lua, "module_offset", (long?)f.ModuleOffset);
            LuaStack.Set(lua, "symbol", f.Function);
            LuaStack.Set(lua, "symbol_offset", (long?)f.FunctionOffset);
            LuaStack.Set(lua, "file", f.File);
            LuaStack.Set(lua, "line", f.Line);
            LuaStack.Set(lua, "inlined", f.Inlined);
            LuaStack.Set(lua, "trust", f.Trust?.ToString().ToLowerInvariant());
            lua.RawSetInteger(-2, i + 1);
        }

        return 1;
    }

    public static int Registers(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        if (LuaStack.Integer(lua, 1) is not { } tid || sandbox.Api.Thread(tid) is not { } thread)
        {
            return LuaStack.Fail(lua, "no thread with that tid");
        }

        var frameIndex = LuaStack.Integer(lua, 2);
        var registers = frameIndex is { } fi
            ? fi >= 0 && fi < thread.Frames.Count ? thread.Frames[(int)fi].Registers ?? [] : null
            : thread.Registers;
        if (registers is null)
        {
            return LuaStack.Fail(lua, "no frame with that index");
        }

        lua.CreateTable(0, registers.Count);
        foreach (var (name, value) in registers)
        {
            LuaStack.Set(lua, name, (long)value);
        }

        return 1;
    }

    public static int Modules(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var modules = sandbox.Api.Snapshot.Modules;
        lua.CreateTable(modules.Count, 0);
        for (var i = 0; i < modules.Count; i++)
        {
            var m = modules[i];
            lua.CreateTable(0, 4);
            LuaStack.Set(lua, "path", m.Path);
            LuaStack.Set(lua, "base", (long)m.Base);
            LuaStack.Set(lua, "size", (long)m.Size);
            LuaStack.Set(lua, "build_id", m.BuildId);
            lua.RawSetInteger(-2, i + 1);
        }

        return 1;
    }

    public static int Mappings(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var mappings = sandbox.Api.Space.Mappings;
        lua.CreateTable(mappings.Count, 0);
        for (var i = 0; i < mappings.Count; i++)
        {
            PushMapping(lua, mappings[i]);
            lua.RawSetInteger(-2, i + 1);
        }

        return 1;
    }

    public static int Mapping(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        if (LuaStack.Integer(lua, 1) is not { } address)
        {
            return LuaStack.Fail(lua, "bt.mapping needs an integer address");
        }

        if (sandbox.Api.Space.Find((ulong)address) is not { } mapping)
        {
            return 0;
        }

        PushMapping(lua, mapping);
        return 1;
    }

    public static int Attributes(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var attributes = sandbox.Api.Snapshot.Attributes;
        lua.CreateTable(0, attributes.Count);
        foreach (var (key, value) in attributes)
        {
            switch (value.Kind)
            {
                case AttributeKind.Number:
                    LuaStack.Set(lua, key, value.AsNumber);
                    break;
                case AttributeKind.Boolean:
                    LuaStack.Set(lua, key, value.AsBoolean);
                    break;
                default:
                    LuaStack.Set(lua, key, value.AsString);
                    break;
            }
        }

        return 1;
    }

    public static int Classifiers(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var all = sandbox.Api.ClassifiersSoFar.Concat(sandbox.Api.Findings.Classifiers).Distinct().ToList();
        lua.CreateTable(all.Count, 0);
        for (var i = 0; i < all.Count; i++)
        {
            lua.PushString(all[i]);
            lua.RawSetInteger(-2, i + 1);
        }

        return 1;
    }

    /// <summary>Annotations so far (the snapshot's, built-in analysis', earlier modules'): level, name, text, source.</summary>
    public static int Annotations(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var all = sandbox.Api.AnnotationsSoFar.Concat(sandbox.Api.Findings.Annotations).ToList();
        lua.CreateTable(all.Count, 0);
        for (var i = 0; i < all.Count; i++)
        {
            lua.CreateTable(0, 4);
            LuaStack.Set(lua, "level", all[i].Level.ToString().ToLowerInvariant());
            LuaStack.Set(lua, "name", all[i].Name);
            LuaStack.Set(lua, "text", all[i].Text);
            LuaStack.Set(lua, "source", all[i].Source);
            lua.RawSetInteger(-2, i + 1);
        }

        return 1;
    }

    /// <summary><c>read(address, length)</c>: the bytes as a Lua string, possibly shorter than asked; nil when none are readable.</summary>
    public static int Read(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        if (LuaStack.Integer(lua, 1) is not { } address || LuaStack.Integer(lua, 2) is not { } length || length < 0)
        {
            return LuaStack.Fail(lua, "bt.read needs an integer address and a non-negative length");
        }

        if (length > MaxRead)
        {
            return LuaStack.Fail(lua, $"bt.read length {length} exceeds the {MaxRead}-byte limit");
        }

        var buffer = new byte[length];
        var got = sandbox.Api.Memory.Read((ulong)address, buffer);
        if (got == 0 && length > 0)
        {
            return LuaStack.Fail(lua, $"memory at 0x{(ulong)address:x} is not readable");
        }

        lua.PushBuffer(got == buffer.Length ? buffer : buffer[..got]);
        return 1;
    }

    public static int Regions(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        var regions = sandbox.Api.Memory.Captured.Regions;
        lua.CreateTable(regions.Count, 0);
        for (var i = 0; i < regions.Count; i++)
        {
            lua.CreateTable(0, 4);
            LuaStack.Set(lua, "address", (long)regions[i].Address);
            LuaStack.Set(lua, "size", (long)regions[i].Bytes.Length);
            LuaStack.Set(lua, "label", regions[i].Label);
            LuaStack.Set(lua, "perms", regions[i].Permissions);
            lua.RawSetInteger(-2, i + 1);
        }

        return 1;
    }

    /// <summary><c>symbol(name, module_hint)</c>: an address, or nil where no symbol tables are available (the server).</summary>
    public static int Symbol(LuaSandbox sandbox, KeraLua.Lua lua)
    {
        if (LuaStack.String(lua, 1) is not { Length: > 0 and <= 512 } name)
        {
            return LuaStack.Fail(lua, "bt.symbol needs a symbol name");
        }

        if (sandbox.Api.Symbols is { } symbols && symbols.TryGetAddress(name, LuaStack.String(lua, 2), out var address))
        {
            lua.PushInteger((long)address);
            return 1;
        }

        return 0;
    }

    private static void PushMapping(KeraLua.Lua lua, MemoryMapping mapping)
    {
        lua.CreateTable(0, 5);
        LuaStack.Set(lua, "start", (long)mapping.Start);
        LuaStack.Set(lua, "size", (long)(mapping.End - mapping.Start));
        LuaStack.Set(lua, "perms", mapping.Permissions);
        LuaStack.Set(lua, "offset", (long)mapping.Offset);
        LuaStack.Set(lua, "path", mapping.Path);
    }
}
