using Backtrace.Capture.Linux;
using Backtrace.Capture.Model;
using Backtrace.Snapshots.Model;

namespace Backtrace.Capture.Building;

/// <summary>The snapshot's fault section from a captured (raw, OS-numbered) signal.</summary>
internal static class FaultDescription
{
    public static SnapshotFault From(CapturedFault fault) => new()
    {
        Signal = fault.Signal,
        SignalName = SignalNames.Signal(fault.Signal),
        Code = fault.Code,
        CodeName = SignalNames.Code(fault.Signal, fault.Code),
        Address = fault.Address,
        SenderPid = fault.SenderPid,
        SenderUid = fault.SenderUid,
        ThreadId = fault.ThreadId,
    };
}
