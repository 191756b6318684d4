using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Backtrace.Capture.Building;

/// <summary>
/// Wall-clock time of each phase of one capture, recorded as laps (each phase ends where the next begins), so a
/// diagnostic run (<c>backtrace-agent capture --timings</c>) shows where the agent's time goes without a profiler.
/// Not thread-safe: one capture, one thread.
/// </summary>
public sealed class CaptureTimings
{
    private readonly List<(string Phase, TimeSpan Elapsed)> _phases = [];
    private readonly long _created = Stopwatch.GetTimestamp();
    private long _last;

    /// <summary>Starts the first lap now.</summary>
    public CaptureTimings() => _last = _created;

    /// <summary>The recorded phases, in order.</summary>
    public IReadOnlyList<(string Phase, TimeSpan Elapsed)> Phases => _phases;

    /// <summary>Ends the current phase, naming it <paramref name="phase"/>, and starts the next.</summary>
    public void Lap(string phase)
    {
        var now = Stopwatch.GetTimestamp();
        _phases.Add((phase, Stopwatch.GetElapsedTime(_last, now)));
        _last = now;
    }

    /// <summary>One line: <c>phase 1.23 ms, ..., total 4.56 ms</c>.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        foreach (var (phase, elapsed) in _phases)
        {
            text.Append(CultureInfo.InvariantCulture, $"{phase} {elapsed.TotalMilliseconds:0.00} ms, ");
        }

        return text.Append(CultureInfo.InvariantCulture, $"total {Stopwatch.GetElapsedTime(_created, _last).TotalMilliseconds:0.00} ms").ToString();
    }
}
