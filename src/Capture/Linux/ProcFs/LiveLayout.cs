using System.Globalization;
using Backtrace.Capture.Model;

namespace Backtrace.Capture.Linux.ProcFs;

/// <summary>
/// What /proc shows of a running process without stopping it: its memory map, and the program counter of each
/// thread blocked in the kernel. Enough to open the right modules and symbols before (or while) the process is
/// captured; the capture itself never relies on it.
/// </summary>
internal static class LiveLayout
{
    /// <summary>A map-only view of process <paramref name="pid"/> (no memory, no threads), or null when its maps cannot be read.</summary>
    public static CapturedProcess? ReadMap(int pid)
    {
        if (ProcFile.ReadText($"/proc/{pid}/maps") is not { } maps)
        {
            return null;
        }

        var layout = new CapturedProcess { Source = "live", Pid = pid };
        var text = System.Text.Encoding.UTF8.GetBytes(maps);
        var entries = new MapsEntry[256];
        var count = MapsParser.Parse(text, ref entries);
        layout.Mappings.AddRange(MapsParser.ToMappings(text, entries.AsSpan(0, count)));
        return layout;
    }

    /// <summary>
    /// The user-space pc of every thread that is blocked in the kernel, from <c>/proc/PID/task/TID/syscall</c>
    /// (<c>NR args... sp pc</c>, or <c>-1 sp pc</c> outside a system call); running threads have none.
    /// </summary>
    public static List<ulong> ReadBlockedPcs(int pid)
    {
        var pcs = new List<ulong>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var line = ProcFile.ReadText(task + "/syscall")?.TrimEnd('\n');
                var last = line?.LastIndexOf(' ') ?? -1;
                if (line is null || last < 0 || !line.StartsWith('-') && !char.IsAsciiDigit(line[0]))
                {
                    continue;
                }

                var token = line.AsSpan(last + 1);
                if (token.StartsWith("0x") && ulong.TryParse(token[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var pc) && pc != 0)
                {
                    pcs.Add(pc);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process is going away or not ours to read: nothing to predict.
        }

        return pcs;
    }
}
