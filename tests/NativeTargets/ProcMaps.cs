using System.Globalization;
using Backtrace.Unwinding.Target;

namespace Backtrace.NativeTargets;

/// <summary>Reads <c>/proc/PID/maps</c> into mapped regions (the capture agent has its own reader; this one serves the tests).</summary>
public static class ProcMaps
{
    /// <summary>The memory map of <paramref name="pid"/>.</summary>
    public static List<MappedRegion> Read(int pid)
    {
        var regions = new List<MappedRegion>();
        foreach (var line in File.ReadAllLines($"/proc/{pid}/maps"))
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var range = fields[0].Split('-');
            var permissions = RegionPermissions.None;
            permissions |= fields[1][0] == 'r' ? RegionPermissions.Read : 0;
            permissions |= fields[1][1] == 'w' ? RegionPermissions.Write : 0;
            permissions |= fields[1][2] == 'x' ? RegionPermissions.Execute : 0;
            permissions |= fields[1][3] == 's' ? RegionPermissions.Shared : 0;
            var path = fields.Length > 5 ? fields[5].Trim() : null;
            if (path is not null && path.EndsWith(" (deleted)", StringComparison.Ordinal))
            {
                path = path[..^" (deleted)".Length];
            }

            regions.Add(new MappedRegion(
                ulong.Parse(range[0], NumberStyles.HexNumber),
                ulong.Parse(range[1], NumberStyles.HexNumber),
                ulong.Parse(fields[2], NumberStyles.HexNumber),
                permissions,
                string.IsNullOrEmpty(path) ? null : path));
        }

        return regions;
    }
}
