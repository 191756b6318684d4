using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Inspection;

/// <summary>
/// One-letter thread states for the threads pane. <c>F</c> marks the faulted thread; the others are the letters
/// <c>ps</c> and <c>/proc/PID/stat</c> use, so they read the same as on the host.
/// </summary>
public static class ThreadStates
{
    /// <summary>The letters and what they mean, for the help screen and the documentation.</summary>
    public static IReadOnlyList<(char Letter, string Meaning)> Legend { get; } =
    [
        ('F', "faulted (the thread the crash happened on)"),
        ('R', "running"),
        ('S', "sleeping"),
        ('D', "disk wait (uninterruptible)"),
        ('T', "stopped"),
        ('t', "traced"),
        ('Z', "zombie"),
        ('X', "dead"),
        ('I', "idle"),
        ('P', "parked"),
        ('W', "waking"),
        ('?', "unknown or not recorded"),
    ];

    /// <summary>The letter shown for <paramref name="thread"/>.</summary>
    public static char Letter(SnapshotThread thread) => thread.Faulted ? 'F' : Letter(thread.State);

    /// <summary>The letter for a state as the snapshot format names it.</summary>
    public static char Letter(string? state) => state?.ToLowerInvariant() switch
    {
        "running" => 'R',
        "sleeping" => 'S',
        "disk" => 'D',
        "stopped" => 'T',
        "traced" => 't',
        "zombie" => 'Z',
        "dead" => 'X',
        "idle" => 'I',
        "parked" => 'P',
        "waking" => 'W',
        _ => '?',
    };
}
