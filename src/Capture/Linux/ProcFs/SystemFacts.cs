using Backtrace.Snapshots.Model;

namespace Backtrace.Capture.Linux.ProcFs;

/// <summary>Machine-wide figures: /proc/meminfo, /proc/stat, /proc/loadavg, /proc/uptime, uname and hostname.</summary>
internal static class SystemFacts
{
    public static SnapshotHost ReadHost() => new()
    {
        Os = "linux",
        Hostname = ProcFile.ReadText("/proc/sys/kernel/hostname")?.Trim(),
        Kernel = ProcFile.ReadText("/proc/sys/kernel/osrelease")?.Trim(),
        KernelVersion = ProcFile.ReadText("/proc/sys/kernel/version")?.Trim(),
        Architecture = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64 ? "x86_64" : System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
    };

    /// <summary>Adds the machine figures to <paramref name="system"/>.</summary>
    public static void Read(Dictionary<string, AttributeValue> system)
    {
        var memory = ProcText.KeyValues(ProcFile.ReadText("/proc/meminfo"));
        foreach (var (key, name) in MemoryFigures)
        {
            if (ProcText.LeadingNumber(memory.GetValueOrDefault(key)) is { } kilobytes)
            {
                system[name] = kilobytes * 1024;
            }
        }

        var load = ProcFile.ReadText("/proc/loadavg")?.Split(' ');
        if (load is { Length: >= 4 })
        {
            for (var i = 0; i < 3; i++)
            {
                if (double.TryParse(load[i], System.Globalization.CultureInfo.InvariantCulture, out var average))
                {
                    system[LoadNames[i]] = average;
                }
            }

            var slash = load[3].IndexOf('/');
            if (slash > 0 && double.TryParse(load[3][(slash + 1)..], out var tasks))
            {
                system["tasks.total"] = tasks;
            }
        }

        if (ProcText.LeadingNumber(ProcFile.ReadText("/proc/uptime")) is { } uptime)
        {
            system["uptime_seconds"] = uptime;
        }

        foreach (var line in (ProcFile.ReadText("/proc/stat") ?? "").Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields[0] == "cpu" && fields.Length >= 9)
            {
                // user nice system idle iowait irq softirq steal, in USER_HZ (100) ticks since boot.
                for (var i = 0; i < CpuNames.Length; i++)
                {
                    if (double.TryParse(fields[i + 1], out var ticks))
                    {
                        system["cpu." + CpuNames[i] + "_seconds"] = ticks / 100;
                    }
                }
            }
            else if (fields.Length == 2 && fields[0] is "procs_running" or "procs_blocked" or "processes" or "ctxt" && double.TryParse(fields[1], out var count))
            {
                system[fields[0] == "processes" ? "processes.created" : fields[0].Replace('_', '.')] = count;
            }
        }

        system["cpu.count"] = Environment.ProcessorCount;
    }

    private static readonly (string, string)[] MemoryFigures =
    [
        ("MemTotal", "mem.total_bytes"), ("MemFree", "mem.free_bytes"), ("MemAvailable", "mem.available_bytes"),
        ("Buffers", "mem.buffers_bytes"), ("Cached", "mem.cached_bytes"), ("SwapTotal", "swap.total_bytes"),
        ("SwapFree", "swap.free_bytes"), ("Committed_AS", "mem.committed_bytes"),
    ];

    private static readonly string[] LoadNames = ["load.1m", "load.5m", "load.15m"];

    private static readonly string[] CpuNames = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"];
}
