using Backtrace.Snapshots.Model;

namespace Backtrace.Capture.Linux.ProcFs;

/// <summary>
/// Reads the process-level /proc files (status, stat, cmdline, environ, exe, limits, fd, auxv) into the
/// snapshot's process and environment sections. Runs before the target is stopped (or, for the
/// core_pattern handler, before the core stream is drained, while /proc/PID still exists).
/// </summary>
internal static class ProcessFacts
{
    /// <summary>Fills <paramref name="process"/> and returns the per-process environment section.</summary>
    public static SnapshotEnvironment Read(int pid, SnapshotProcess process, SecretScrubber scrubber, List<string> warnings)
    {
        var directory = $"/proc/{pid}/";
        var environment = new SnapshotEnvironment();
        process.Pid = pid;

        var status = ProcText.KeyValues(ProcFile.ReadText(directory + "status"));
        if (status.Count == 0)
        {
            warnings.Add($"/proc/{pid}/status could not be read: process facts are missing");
        }

        process.Name ??= status.GetValueOrDefault("Name");
        if (int.TryParse(status.GetValueOrDefault("PPid"), out var parent))
        {
            process.ParentPid = parent;
        }

        if (status.GetValueOrDefault("Uid")?.Split('\t', ' ')[0] is { } uid && int.TryParse(uid, out var uidValue))
        {
            process.Uid = uidValue;
        }

        foreach (var (key, name) in StatusFigures)
        {
            if (ProcText.LeadingNumber(status.GetValueOrDefault(key)) is { } value)
            {
                environment.Process[name] = status[key].EndsWith("kB", StringComparison.Ordinal) ? value * 1024 : value;
            }
        }

        foreach (var mask in (string[])["SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt"])
        {
            if (status.GetValueOrDefault(mask) is { } bits)
            {
                environment.Process["signals." + mask.ToLowerInvariant()] = bits;
            }
        }

        var stat = ProcText.StatFieldsAfterComm(ProcFile.ReadText(directory + "stat"));
        if (stat.Length > 19)
        {
            process.State = ProcText.StateName(stat[0][0]);
            if (ulong.TryParse(stat[19], out var startTicks) && ReadUptime() is { } uptime)
            {
                // Field 22 (starttime) is in clock ticks since boot; USER_HZ is 100 on every Linux ABI.
                process.AgeSeconds = Math.Max(0, uptime - startTicks / 100.0);
            }

            if (double.TryParse(stat[11], out var userTicks) && double.TryParse(stat[12], out var systemTicks))
            {
                environment.Process["cpu.user_seconds"] = userTicks / 100;
                environment.Process["cpu.system_seconds"] = systemTicks / 100;
            }
        }

        process.CommandLine = ProcText.NulSeparated(ProcFile.ReadText(directory + "cmdline"));
        process.Executable ??= ReadLink(directory + "exe");
        if (ReadLink(directory + "cwd") is { } cwd)
        {
            environment.Process["cwd"] = cwd;
        }

        var variables = ProcFile.ReadText(directory + "environ");
        if (variables is null)
        {
            warnings.Add($"/proc/{pid}/environ could not be read: environment variables are missing");
        }

        foreach (var variable in ProcText.NulSeparated(variables))
        {
            var equals = variable.IndexOf('=');
            if (equals > 0)
            {
                var name = variable[..equals];
                environment.Variables[name] = scrubber.Scrub(name, variable[(equals + 1)..]);
            }
        }

        ReadLimits(directory + "limits", environment.Limits);
        try
        {
            environment.Process["open_files"] = Directory.GetFileSystemEntries(directory + "fd").Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"/proc/{pid}/fd could not be listed: the open file count is missing");
        }

        return environment;
    }

    private static readonly (string Key, string Name)[] StatusFigures =
    [
        ("VmPeak", "memory.virtual_peak_bytes"), ("VmSize", "memory.virtual_bytes"), ("VmRSS", "memory.rss_bytes"),
        ("VmHWM", "memory.rss_peak_bytes"), ("VmSwap", "memory.swap_bytes"), ("VmStk", "memory.stack_bytes"),
        ("VmData", "memory.data_bytes"), ("Threads", "threads"),
        ("voluntary_ctxt_switches", "context_switches.voluntary"),
        ("nonvoluntary_ctxt_switches", "context_switches.involuntary"),
    ];

    /// <summary>The auxiliary vector of a live process.</summary>
    public static List<(ulong Type, ulong Value)> ReadAuxv(int pid)
    {
        var pairs = new List<(ulong, ulong)>();
        try
        {
            var bytes = File.ReadAllBytes($"/proc/{pid}/auxv");
            for (var i = 0; i + 16 <= bytes.Length; i += 16)
            {
                var type = BitConverter.ToUInt64(bytes, i);
                if (type == 0)
                {
                    break;
                }

                pairs.Add((type, BitConverter.ToUInt64(bytes, i + 8)));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable auxv only costs the vDSO cross-check; the maps still name [vdso].
        }

        return pairs;
    }

    private static void ReadLimits(string path, Dictionary<string, string> limits)
    {
        // "Max core file size        0                    unlimited            bytes": the soft limit.
        var text = ProcFile.ReadText(path);
        if (text is null)
        {
            return;
        }

        foreach (var line in text.Split('\n').Skip(1))
        {
            if (line.Length < 26)
            {
                continue;
            }

            var name = line[..25].Trim();
            var rest = line[25..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (name.StartsWith("Max ", StringComparison.Ordinal) && rest.Length > 0)
            {
                limits[name[4..].Replace(' ', '_')] = rest[0];
            }
        }
    }

    private static double? ReadUptime() =>
        ProcText.LeadingNumber(ProcFile.ReadText("/proc/uptime"));

    private static string? ReadLink(string path)
    {
        try
        {
            var target = new FileInfo(path).LinkTarget;
            return target?.EndsWith(" (deleted)", StringComparison.Ordinal) == true ? target[..^10] : target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
