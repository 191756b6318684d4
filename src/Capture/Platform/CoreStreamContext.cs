namespace Backtrace.Capture.Platform;

/// <summary>What the kernel told the crash hook besides the core stream (core_pattern specifiers).</summary>
public sealed class CoreStreamContext
{
    /// <summary>PID in the initial namespace (<c>%P</c>).</summary>
    public int Pid { get; init; }

    /// <summary>TID of the thread that dumped (<c>%i</c>).</summary>
    public int? Tid { get; init; }

    /// <summary>Signal number (<c>%s</c>).</summary>
    public int? Signal { get; init; }

    /// <summary>Time of the dump (<c>%t</c>).</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>Command name (<c>%e</c>).</summary>
    public string? Comm { get; init; }

    /// <summary>Where to write the whole core as it streams by (<c>--keep-core</c>), or null.</summary>
    public Stream? CoreCopy { get; init; }

    /// <summary>When the handler must stop reading and finish with what it has.</summary>
    public DateTime Deadline { get; init; } = DateTime.MaxValue;
}
