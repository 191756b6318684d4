namespace Backtrace.Capture.Linux.Live;

/// <summary>Per-thread state of the freeze loop (a struct in a preallocated array: no allocation while stopped).</summary>
internal struct FrozenThread
{
    public int Tid;

    /// <summary>True once waitpid reported the thread in a ptrace stop.</summary>
    public bool Stopped;

    /// <summary>True when the thread vanished (exited) during the capture.</summary>
    public bool Gone;

    /// <summary>errno of a failed step, 0 when fine.</summary>
    public int Error;

    /// <summary>Signal of a signal-delivery stop, re-injected at detach; 0 for an interrupt stop.</summary>
    public int PendingSignal;

    public bool HasRegisters;

    /// <summary>
    /// True when the thread's siginfo slot holds a signal: the one of its signal-delivery stop, else the first fault
    /// signal queued for it and not yet delivered (left queued: it is delivered after the detach as it would have been).
    /// </summary>
    public bool HasSignalInfo;
}
