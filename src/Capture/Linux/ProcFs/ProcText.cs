namespace Backtrace.Capture.Linux.ProcFs;

/// <summary>Small parsers for the text formats of /proc files.</summary>
internal static class ProcText
{
    /// <summary>"Key:   value" lines (status, meminfo) as a dictionary of trimmed values.</summary>
    public static Dictionary<string, string> KeyValues(string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text is null)
        {
            return values;
        }

        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return values;
    }

    /// <summary>The fields of a <c>stat</c> line after the comm, which may itself hold spaces and parentheses:
    /// index 0 is field 3 (state).</summary>
    public static string[] StatFieldsAfterComm(string? stat)
    {
        if (stat is null)
        {
            return [];
        }

        var close = stat.LastIndexOf(')');
        return close < 0 ? [] : stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The comm field of a <c>stat</c> line (between the first '(' and the last ')', which may enclose more parentheses), or null.</summary>
    public static string? StatComm(string? stat)
    {
        var open = stat?.IndexOf('(') ?? -1;
        var close = stat?.LastIndexOf(')') ?? -1;
        return open >= 0 && close > open ? stat![(open + 1)..close] : null;
    }

    /// <summary>NUL-separated strings (cmdline, environ).</summary>
    public static List<string> NulSeparated(string? text)
    {
        var items = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return items;
        }

        foreach (var item in text.Split('\0'))
        {
            if (item.Length > 0)
            {
                items.Add(item);
            }
        }

        return items;
    }

    /// <summary>The leading number of a value such as "1234 kB".</summary>
    public static double? LeadingNumber(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var end = 0;
        while (end < value.Length && (char.IsAsciiDigit(value[end]) || value[end] == '.'))
        {
            end++;
        }

        return end > 0 && double.TryParse(value.AsSpan(0, end), System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>Scheduler state word for a <c>stat</c> state letter.</summary>
    public static string StateName(char state) => state switch
    {
        'R' => "running",
        'S' => "sleeping",
        'D' => "disk",
        'T' => "stopped",
        't' => "traced",
        'Z' => "zombie",
        'X' or 'x' => "dead",
        'I' => "idle",
        'P' => "parked",
        'W' => "waking",
        _ => "unknown",
    };
}
