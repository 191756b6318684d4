namespace Backtrace.Capture.Linux.Hook;

/// <summary>The core_pattern specifiers the handler receives (<c>%P %i %s %t %e</c>).</summary>
/// <param name="Pid">PID in the initial namespace.</param>
/// <param name="Tid">Thread that dumped.</param>
/// <param name="Signal">Signal number.</param>
/// <param name="Time">Seconds since the epoch.</param>
/// <param name="Comm">Command name.</param>
public sealed record CrashFacts(int Pid, int Tid, int Signal, long Time, string Comm)
{
    /// <summary>Expands a previous core_pattern for chaining: the specifiers the handler knows; others are refused.</summary>
    public string Expand(string pattern, string hostname)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '%' || i + 1 == pattern.Length)
            {
                text.Append(pattern[i]);
                continue;
            }

            var specifier = pattern[++i];
            text.Append(specifier switch
            {
                '%' => "%",
                'p' or 'P' => Pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                'i' or 'I' => Tid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                's' => Signal.ToString(System.Globalization.CultureInfo.InvariantCulture),
                't' => Time.ToString(System.Globalization.CultureInfo.InvariantCulture),
                'e' => Comm,
                'h' => hostname,
                _ => throw new ArgumentException($"the previous core_pattern uses %{specifier}, which the handler does not receive: it cannot be chained"),
            });
        }

        return text.ToString();
    }
}
