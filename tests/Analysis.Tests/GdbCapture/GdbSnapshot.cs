using System.Diagnostics;
using System.Text.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Tests.GdbCapture;

/// <summary>
/// A test harness that stands in for the capture agent until it lands: runs a program under gdb to its
/// fatal signal (capture.py) and turns gdb's view into a <see cref="Snapshot"/>. It exercises the rules on
/// real crashes; it is not the agent, and the agent's own end-to-end tests replace it.
/// </summary>
internal static class GdbSnapshot
{
    public static Snapshot Capture(string program, params string[] arguments) => Capture(program, arguments, [], []);

    /// <summary>
    /// Runs <paramref name="program"/> with extra environment variables (<c>NAME=value</c>) and captures the
    /// named globals and what they point to, as the agent's <c>--global NAME</c> does.
    /// </summary>
    public static Snapshot Capture(string program, string[] arguments, string[] environment, string[] globals)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "GdbCapture", "capture.py");
        var start = new ProcessStartInfo("gdb") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["BT_GLOBALS"] = string.Join(',', globals);
        var settings = environment.SelectMany(e => (string[])["-ex", "set environment " + e]);
        foreach (var argument in (string[])["-batch", "-nx", .. settings, "-x", script, "--args", program, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var gdb = Process.Start(start) ?? throw new InvalidOperationException("could not start gdb");
        var errors = gdb.StandardError.ReadToEndAsync();
        var output = gdb.StandardOutput.ReadToEnd();
        if (!gdb.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            gdb.Kill(entireProcessTree: true);
            throw new TimeoutException($"gdb on {program} {string.Join(' ', arguments)} did not finish in 2 minutes");
        }

        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("BTSNAPSHOT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"gdb printed no snapshot for {program} {string.Join(' ', arguments)}:\n{output}\n{errors.Result}");
        using var document = JsonDocument.Parse(line["BTSNAPSHOT ".Length..]);
        return ToSnapshot(document.RootElement, program);
    }

    private static Snapshot ToSnapshot(JsonElement root, string program)
    {
        var faultingTid = root.GetProperty("faulting_tid").GetInt64();
        var fault = root.GetProperty("fault");
        var snapshot = new Snapshot
        {
            Uuid = Guid.NewGuid(),
            Timestamp = DateTimeOffset.UtcNow,
            Process = new SnapshotProcess { Pid = root.GetProperty("pid").GetInt32(), Name = Path.GetFileName(program), Executable = program },
            Capture = new CaptureInfo { Source = "gdb-test-harness" },
            Fault = new SnapshotFault
            {
                Signal = fault.GetProperty("signal").GetInt32(),
                Code = fault.GetProperty("code").GetInt32(),
                Address = fault.TryGetProperty("address", out var a) ? a.GetUInt64() : null,
                SenderPid = fault.TryGetProperty("sender_pid", out var p) ? p.GetInt32() : null,
                ThreadId = faultingTid,
            },
        };

        foreach (var m in root.GetProperty("mappings").EnumerateArray())
        {
            snapshot.Mappings.Add(new MemoryMapping
            {
                Start = m.GetProperty("start").GetUInt64(),
                End = m.GetProperty("end").GetUInt64(),
                Offset = m.GetProperty("offset").GetUInt64(),
                Permissions = m.GetProperty("perms").GetString()!,
                Path = m.GetProperty("path").GetString(),
            });
        }

        foreach (var group in snapshot.Mappings.Where(m => m.Path is { } path && path.StartsWith('/')).GroupBy(m => m.Path!))
        {
            var start = group.Min(m => m.Start);
            snapshot.Modules.Add(new SnapshotModule { Path = group.Key, Base = start, Size = group.Max(m => m.End) - start });
        }

        foreach (var t in root.GetProperty("threads").EnumerateArray())
        {
            var thread = new SnapshotThread { Tid = t.GetProperty("tid").GetInt64(), Name = t.GetProperty("name").GetString() };
            thread.Faulted = thread.Tid == faultingTid;
            foreach (var r in t.GetProperty("registers").EnumerateObject())
            {
                thread.Registers[r.Name] = r.Value.GetUInt64();
            }

            foreach (var f in t.GetProperty("frames").EnumerateArray())
            {
                var frame = new SnapshotFrame
                {
                    Pc = f.GetProperty("pc").GetUInt64(),
                    Sp = f.GetProperty("sp").GetUInt64(),
                    Function = f.GetProperty("function").GetString(),
                    Trust = thread.Frames.Count == 0 ? FrameTrust.Context : FrameTrust.Cfi,
                };
                if (f.TryGetProperty("registers", out var saved))
                {
                    frame.Registers = saved.EnumerateObject().ToDictionary(r => r.Name, r => r.Value.GetUInt64());
                }

                thread.Frames.Add(frame);
            }

            snapshot.Threads.Add(thread);
        }

        foreach (var region in root.GetProperty("memory").EnumerateArray())
        {
            snapshot.Memory.Add(new MemoryRegion
            {
                Address = region.GetProperty("address").GetUInt64(),
                Label = region.GetProperty("label").GetString(),
                Bytes = Convert.FromBase64String(region.GetProperty("bytes").GetString()!),
            });
        }

        return snapshot;
    }
}
