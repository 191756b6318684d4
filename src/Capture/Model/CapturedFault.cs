namespace Backtrace.Capture.Model;

/// <summary>A signal as the OS reported it (<c>siginfo_t</c>), in raw OS numbering.</summary>
/// <param name="Signal">Signal number.</param>
/// <param name="Code">Raw <c>si_code</c>.</param>
/// <param name="Address"><c>si_addr</c> for fault signals.</param>
/// <param name="SenderPid"><c>si_pid</c> for signals sent by a process.</param>
/// <param name="SenderUid"><c>si_uid</c> for signals sent by a process.</param>
/// <param name="ThreadId">The thread that received it.</param>
public sealed record CapturedFault(int Signal, int Code, ulong? Address, int? SenderPid, int? SenderUid, long? ThreadId);
