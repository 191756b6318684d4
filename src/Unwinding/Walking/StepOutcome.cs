namespace Backtrace.Unwinding.Walking;

/// <summary>Result of one attempt to find a caller.</summary>
internal enum StepOutcome
{
    /// <summary>The caller's registers were recovered.</summary>
    Found,

    /// <summary>The frame is the outermost one (return address undefined or zero).</summary>
    EndOfStack,

    /// <summary>This method could not find the caller; try the next one.</summary>
    Failed,
}
