namespace Backtrace.Capture.Model;

/// <summary>One thread of a captured process: identity, state and register context, before unwinding.</summary>
public sealed class CapturedThread
{
    public CapturedThread(long tid, UserRegisters registers)
    {
        Tid = tid;
        Registers = registers;
    }

    public long Tid { get; }

    public UserRegisters Registers { get; }

    /// <summary>Thread name (<c>comm</c>), when known.</summary>
    public string? Name { get; set; }

    /// <summary>Scheduler state word (<c>sleeping</c>, <c>running</c>, ...), when known.</summary>
    public string? State { get; set; }

    /// <summary>True for the thread that received the fault.</summary>
    public bool Faulted { get; set; }

    /// <summary>Kernel stack lines from <c>/proc/PID/task/TID/stack</c>, when readable.</summary>
    public List<string>? KernelStack { get; set; }

    /// <summary>
    /// Signal the thread was about to receive when it was stopped (live capture): the one it was stopped delivering,
    /// else a fault signal still queued for it; null when neither.
    /// </summary>
    public CapturedFault? PendingSignal { get; set; }
}
