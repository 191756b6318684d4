using System.Buffers.Binary;
using Backtrace.Capture.Model;

namespace Backtrace.Capture.Linux;

/// <summary>
/// Decodes a Linux x86-64 <c>siginfo_t</c> (128 bytes): from PTRACE_GETSIGINFO or a core's NT_SIGINFO.
/// <c>si_signo</c>@0, <c>si_errno</c>@4, <c>si_code</c>@8, union@16.
/// </summary>
internal static class LinuxSigInfo
{
    public const int Size = 128;

    public static CapturedFault? Parse(ReadOnlySpan<byte> info, long? threadId)
    {
        if (info.Length < 32)
        {
            return null;
        }

        var signal = BinaryPrimitives.ReadInt32LittleEndian(info);
        var code = BinaryPrimitives.ReadInt32LittleEndian(info[8..]);
        if (signal <= 0 || signal > 64)
        {
            return null;
        }

        ulong? address = null;
        int? senderPid = null, senderUid = null;
        if (code > 0 && code != SignalNames.SiKernel && signal is SignalNames.SigSegv or SignalNames.SigBus or SignalNames.SigIll or SignalNames.SigFpe or SignalNames.SigTrap)
        {
            // A fault raised by the CPU: the union holds si_addr.
            address = BinaryPrimitives.ReadUInt64LittleEndian(info[16..]);
        }
        else if (code == SignalNames.SiKernel && signal is SignalNames.SigSegv or SignalNames.SigBus)
        {
            // #GP (e.g. a non-canonical address): si_addr is 0, but say so rather than drop it.
            address = BinaryPrimitives.ReadUInt64LittleEndian(info[16..]);
        }
        else if (code <= 0 && code != SignalNames.SiKernel)
        {
            // kill, tkill, sigqueue, timers: the union holds the sender.
            senderPid = BinaryPrimitives.ReadInt32LittleEndian(info[16..]);
            senderUid = BinaryPrimitives.ReadInt32LittleEndian(info[20..]);
        }

        return new CapturedFault(signal, code, address, senderPid, senderUid, threadId);
    }
}
