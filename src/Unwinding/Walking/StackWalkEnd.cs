namespace Backtrace.Unwinding.Walking;

/// <summary>Why a stack walk stopped.</summary>
public enum StackWalkEnd
{
    /// <summary>The outermost frame was reached: CFI marks the return address undefined (<c>_start</c>, <c>clone3</c>) or it is 0.</summary>
    EndOfStack,

    /// <summary><see cref="StackWalkOptions.MaxFrames"/> frames were produced.</summary>
    FrameLimit,

    /// <summary>No method found a caller: CFI missing or failing, no valid frame pointer, nothing found by the scan.</summary>
    Lost,

    /// <summary>A caller's stack pointer did not move up the stack (a cycle or corrupt stack); the walk stopped rather than loop.</summary>
    NoProgress,

    /// <summary>The register set lacks rip or rsp, so there was nothing to walk.</summary>
    NoContext,
}
