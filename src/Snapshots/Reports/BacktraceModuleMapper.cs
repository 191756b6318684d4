using System.Text.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Snapshots.Reports;

/// <summary>Maps a Backtrace report's <c>modules</c> and <c>memory</c> into native modules, memory regions and mappings.</summary>
internal static class BacktraceModuleMapper
{
    public static void Read(ReportNode report, Snapshot snapshot, Validation.SnapshotLimits limits)
    {
        if (report.Field("modules") is { } modules)
        {
            foreach (var module in modules.Expect(JsonValueKind.Array).Items(limits.MaxListItems, "modules"))
            {
                snapshot.Modules.Add(ReadModule(module.Expect(JsonValueKind.Object)));
            }
        }

        if (report.Field("memory") is { } memory)
        {
            long total = 0;
            foreach (var slice in memory.Expect(JsonValueKind.Array).Items(limits.MaxListItems, "memory slices"))
            {
                ReadMemory(slice.Expect(JsonValueKind.Object), snapshot, limits, ref total);
            }
        }
    }

    private static SnapshotModule ReadModule(ReportNode node)
    {
        var debugFile = node.String("debug_file");
        return new SnapshotModule
        {
            Path = node.String("code_file") ?? debugFile ?? throw node.Fail("a module needs \"code_file\" or \"debug_file\""),
            Base = node.UInt64("start") ?? throw node.Fail("start", "required: the module's load address"),
            Size = node.UInt64("size") ?? 0,
            BuildId = node.String("debug_identifier"),
            DebugFile = debugFile,
        };
    }

    /// <summary>A slice with <c>data</c> becomes a memory region; a slice with only a size says a range
    /// exists and becomes a mapping.</summary>
    private static void ReadMemory(ReportNode node, Snapshot snapshot, Validation.SnapshotLimits limits, ref long total)
    {
        var start = node.UInt64("start") ?? throw node.Fail("start", "required: the address the slice starts at");
        var permissions = ReadPermissions(node);
        if (node.Field("data") is not { } data)
        {
            var size = node.UInt64("size") ?? throw node.Fail("a memory slice needs \"data\" or \"size\"");
            snapshot.Mappings.Add(new MemoryMapping { Start = start, End = unchecked(start + size), Permissions = permissions ?? "---" });
            return;
        }

        if (data.Kind != JsonValueKind.String || !data.Element.TryGetBytesFromBase64(out var bytes))
        {
            throw data.Fail("expected the slice's bytes in base64");
        }

        total += bytes.Length;
        if (total > limits.MaxMemoryBytes)
        {
            throw data.Fail($"memory slices reach {total} bytes here; the limit for one report is {limits.MaxMemoryBytes} bytes");
        }

        snapshot.Memory.Add(new MemoryRegion { Address = start, Permissions = permissions, Label = "report", Bytes = bytes });
    }

    /// <summary><c>perms: {read, write, exec}</c> as the three <c>rwx</c> characters of <c>/proc/PID/maps</c>.</summary>
    private static string? ReadPermissions(ReportNode node)
    {
        if (node.Field("perms") is not { } perms)
        {
            return null;
        }

        perms.Expect(JsonValueKind.Object);
        return string.Concat(
            perms.Boolean("read") == true ? "r" : "-",
            perms.Boolean("write") == true ? "w" : "-",
            perms.Boolean("exec") == true ? "x" : "-");
    }
}
