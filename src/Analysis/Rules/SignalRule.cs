using Backtrace.Analysis.Linux;
using Backtrace.Snapshots.Model;
using Iced.Intel;

namespace Backtrace.Analysis.Rules;

/// <summary>Says what the signal and its <c>si_code</c> mean, and who sent it (native-capture §3.1).</summary>
internal sealed class SignalRule : IAnalysisRule
{
    public string Id => "signal";

    public void Run(AnalysisContext context)
    {
        if (context.Fault is not { } fault)
        {
            return;
        }

        var findings = context.Findings;
        var name = fault.SignalName ?? Signals.Name(fault.Signal) ?? $"signal {fault.Signal}";
        var at = fault.Address is { } a ? $"0x{a:x}" : "an unknown address";
        findings.Classify(fault.Signal switch
        {
            Signals.Sigsegv => Classifiers.Segv,
            Signals.Sigbus => Classifiers.Bus,
            Signals.Sigill => Classifiers.Ill,
            Signals.Sigfpe => Classifiers.Fpe,
            Signals.Sigtrap => Classifiers.Trap,
            Signals.Sigabrt => Classifiers.Abort,
            // The server's signal classifier spells other signals the same way (segv ... xfsz, signal-N).
            _ => name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..].ToLowerInvariant() : $"signal-{fault.Signal}",
        });

        var sent = Signals.WasSent(fault);
        var meaning = sent ? null : fault.Signal switch
        {
            Signals.Sigsegv => Segv(context, fault, at),
            Signals.Sigbus => Bus(findings, fault, at),
            Signals.Sigill => Ill(context, fault),
            Signals.Sigfpe => Fpe(context, fault),
            Signals.Sigtrap => Trap(findings, fault),
            _ => null,
        };

        if (sent)
        {
            meaning = Sender(context, fault, name);
        }

        meaning ??= fault.Signal == Signals.Sigabrt
            ? "SIGABRT: the process was aborted (si_code gives no sender)."
            : $"{name} with si_code {fault.Code}{(fault.CodeName is { } cn ? $" ({cn})" : "")}.";
        findings.Annotate(AnnotationLevel.Comment, "Signal", meaning, "analysis/" + Id, context.FaultTarget(address: fault.Address));
    }

    private static string Sender(AnalysisContext context, SnapshotFault fault, string name)
    {
        var how = fault.Code switch
        {
            Signals.SiTkill => "tgkill/raise",
            Signals.SiQueue => "sigqueue",
            _ => "kill",
        };
        var ownPid = context.Snapshot.Process?.Pid;
        if (fault.SenderPid is { } pid && ownPid is { } own && pid == own)
        {
            context.Findings.Classify(Classifiers.SelfRaised);
            return fault.Signal == Signals.Sigabrt
                ? $"SIGABRT raised by the process itself ({how}): abort() or raise(SIGABRT), usually after a failed check."
                : $"{name} raised by the process itself ({how}).";
        }

        context.Findings.Classify(Classifiers.ExternalSignal);
        var sender = fault.SenderPid is { } p ? $"pid {p}" : "an unknown process";
        if (context.Snapshot.Attributes.TryGetValue("fault.sender_name", out var senderName))
        {
            sender += $" ({senderName})";
        }

        if (fault.SenderUid is { } uid)
        {
            sender += $", uid {uid}";
        }

        return $"{name} sent by another process: {sender}, with {how}. The process did not fail by itself; something (a watchdog, a supervisor, a user) killed it.";
    }

    private static string Segv(AnalysisContext context, SnapshotFault fault, string at)
    {
        var findings = context.Findings;
        switch (fault.Code)
        {
            case Signals.SegvMaperr:
                findings.Classify(Classifiers.Unmapped);
                return $"SIGSEGV (SEGV_MAPERR): access to {at}, which is not mapped.";
            case Signals.SegvAccerr:
                findings.Classify(Classifiers.Protection);
                var mapping = fault.Address is { } addr ? context.Space.Find(addr) : null;
                var where = mapping is null ? "" : $" (mapping {Memory.AddressSpace.Describe(mapping)})";
                return $"SIGSEGV (SEGV_ACCERR): access to {at}{where}, which is mapped but does not allow this access.";
            case Signals.SiKernel:
                findings.Classify(Classifiers.GeneralProtection);
                return "SIGSEGV from a general-protection fault (#GP, si_code SI_KERNEL): the kernel reports address 0. " +
                       "Typical causes are a non-canonical pointer or a misaligned operand of an instruction that demands alignment.";
            case Signals.SegvBnderr:
                findings.Classify(Classifiers.Bounds);
                return $"SIGSEGV (SEGV_BNDERR): bounds check failed for {at}.";
            case Signals.SegvPkuerr:
                findings.Classify(Classifiers.ProtectionKey);
                return $"SIGSEGV (SEGV_PKUERR): access to {at} denied by a memory protection key.";
            case Signals.SegvCperr:
                findings.Classify(Classifiers.ShadowStack);
                return "SIGSEGV (SEGV_CPERR): control-protection fault: a return address did not match the shadow stack.";
            default:
                return $"SIGSEGV with si_code {fault.Code} at {at}.";
        }
    }

    private static string Bus(AnalysisFindings findings, SnapshotFault fault, string at)
    {
        switch (fault.Code)
        {
            case Signals.BusAdraln:
                findings.Classify(Classifiers.Misaligned);
                return $"SIGBUS (BUS_ADRALN): misaligned access at {at}.";
            case Signals.BusAdrerr:
                findings.Classify(Classifiers.NonexistentAddress);
                return $"SIGBUS (BUS_ADRERR): {at} has no backing storage, typically a file mapping accessed past the end of a truncated file.";
            case Signals.BusObjerr:
                findings.Classify(Classifiers.ObjectError);
                return $"SIGBUS (BUS_OBJERR): object-specific hardware error at {at}.";
            case Signals.BusMceerrAr or Signals.BusMceerrAo:
                findings.Classify(Classifiers.HardwareMemoryError);
                return $"SIGBUS ({(fault.Code == Signals.BusMceerrAr ? "BUS_MCEERR_AR" : "BUS_MCEERR_AO")}): a machine-check reported a hardware memory error at {at}; suspect the hardware, not the code.";
            default:
                return $"SIGBUS with si_code {fault.Code} at {at}.";
        }
    }

    private static string Ill(AnalysisContext context, SnapshotFault fault)
    {
        var findings = context.Findings;
        var instruction = context.Shape?.Instruction;
        if (instruction is { Instruction.Mnemonic: Mnemonic.Ud2 or Mnemonic.Ud0 or Mnemonic.Ud1 })
        {
            findings.Classify(Classifiers.TrapInstruction);
            return $"SIGILL from `{instruction.Text}` at 0x{instruction.Instruction.IP:x}: a deliberate trap, emitted by __builtin_trap(), " +
                   "by the compiler for code it proved unreachable or undefined, or by a sanitizer in trap mode.";
        }

        if (fault.Code is Signals.IllPrvopc or Signals.IllPrvreg)
        {
            findings.Classify(Classifiers.PrivilegedInstruction);
            return $"SIGILL ({(fault.Code == Signals.IllPrvopc ? "ILL_PRVOPC" : "ILL_PRVREG")}): a privileged instruction or register used in user mode" +
                   (instruction is null ? "." : $": `{instruction.Text}`.");
        }

        findings.Classify(Classifiers.IllegalInstruction);
        var text = instruction is null
            ? "the bytes at the pc do not decode as an instruction (or were not captured)"
            : $"`{instruction.Text}` is not supported by this CPU or is malformed";
        return $"SIGILL (si_code {fault.Code}): {text}. Suspect a jump into data, or a binary built for a newer CPU.";
    }

    private static string Fpe(AnalysisContext context, SnapshotFault fault)
    {
        var findings = context.Findings;
        var instruction = context.Shape?.Instruction;
        if (fault.Code == Signals.FpeIntdiv && instruction is { Instruction.Mnemonic: Mnemonic.Idiv or Mnemonic.Div } && context.FaultingThread is { } thread)
        {
            var divisor = Divisor(instruction.Instruction, context, thread.Registers);
            if (divisor is { } d && d != 0 && instruction.Instruction.Mnemonic == Mnemonic.Idiv && IsMinusOne(d, instruction.Instruction))
            {
                findings.Classify(Classifiers.IntegerOverflow);
                return $"SIGFPE (FPE_INTDIV) from `{instruction.Text}`: the divisor is -1 and the dividend the most negative value, so the quotient overflows (INT_MIN / -1).";
            }

            findings.Classify(Classifiers.DivideByZero);
            return $"SIGFPE (FPE_INTDIV): integer division by zero in `{instruction.Text}`" + (divisor is null ? "." : " (divisor = 0).");
        }

        switch (fault.Code)
        {
            case Signals.FpeIntdiv:
                findings.Classify(Classifiers.DivideByZero);
                return "SIGFPE (FPE_INTDIV): integer division by zero (or INT_MIN / -1).";
            case Signals.FpeIntovf:
                findings.Classify(Classifiers.IntegerOverflow);
                return "SIGFPE (FPE_INTOVF): integer overflow trap.";
            default:
                findings.Classify(Classifiers.FloatingPoint);
                return $"SIGFPE (si_code {fault.Code}): a floating-point exception that the program unmasked.";
        }
    }

    private static ulong? Divisor(in Instruction instruction, AnalysisContext context, IReadOnlyDictionary<string, ulong> registers)
    {
        if (instruction.Op0Kind == OpKind.Register)
        {
            return Decoding.X86Registers.TryGetValue(registers, instruction.Op0Register, out var v) ? v : null;
        }

        if (context.Shape?.Instruction?.Accesses is [{ Address: { } ea } access, ..])
        {
            Span<byte> buffer = stackalloc byte[8];
            var size = Math.Clamp(access.Size, 1, 8);
            if (context.Memory.Read(ea, buffer[..size]) == size)
            {
                return BitConverter.ToUInt64(buffer);
            }
        }

        return null;
    }

    private static bool IsMinusOne(ulong value, in Instruction instruction)
    {
        var size = instruction.Op0Kind == OpKind.Register ? instruction.Op0Register.GetSize() : instruction.MemorySize.GetSize();
        var mask = size >= 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;
        return (value & mask) == mask;
    }

    private static string Trap(AnalysisFindings findings, SnapshotFault fault)
    {
        switch (fault.Code)
        {
            case Signals.TrapBrkpt or Signals.SiKernel:
                findings.Classify(Classifiers.Breakpoint);
                return "SIGTRAP: a breakpoint instruction (int3) was executed with no debugger attached; often __builtin_debugtrap() or a leftover breakpoint.";
            case Signals.TrapHwbkpt:
                findings.Classify(Classifiers.Breakpoint);
                return "SIGTRAP (TRAP_HWBKPT): a hardware breakpoint or watchpoint fired.";
            case Signals.TrapTrace:
                findings.Classify(Classifiers.SingleStep);
                return "SIGTRAP (TRAP_TRACE): single-step trap with no debugger attached.";
            default:
                return $"SIGTRAP with si_code {fault.Code}.";
        }
    }
}
