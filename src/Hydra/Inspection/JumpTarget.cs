namespace Backtrace.Hydra.Inspection;

/// <summary>A place in the snapshot a line can jump to: a thread, and optionally one of its frames.</summary>
/// <param name="ThreadId">The thread's tid.</param>
/// <param name="FrameIndex">Index into the thread's frames, innermost first; null for the thread as a whole.</param>
public sealed record JumpTarget(long ThreadId, int? FrameIndex);
