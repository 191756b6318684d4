using Backtrace.Capture.Model;

namespace Backtrace.Capture.Linux.Cores;

/// <summary>One NT_PRSTATUS note: a thread's id, the signal it was stopped by, and its registers.</summary>
internal sealed record CoreThreadNote(int Tid, int CurrentSignal, UserRegisters Registers);
