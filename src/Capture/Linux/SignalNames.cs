namespace Backtrace.Capture.Linux;

/// <summary>Portable names of Linux signal numbers and <c>si_code</c> values.</summary>
public static class SignalNames
{
    public const int SigIll = 4, SigTrap = 5, SigAbrt = 6, SigBus = 7, SigFpe = 8, SigSegv = 11, SigSys = 31;
    public const int SiKernel = 0x80;

    private static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
        "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    /// <summary><c>SIGSEGV</c> for 11; real-time signals are <c>SIGRTMIN+n</c>.</summary>
    public static string Signal(int signal) => signal switch
    {
        > 0 and < 32 => Names[signal],
        >= 34 and <= 64 => $"SIGRTMIN+{signal - 34}",
        _ => $"SIG{signal}",
    };

    /// <summary>The symbolic <c>si_code</c> for a signal, e.g. <c>SEGV_MAPERR</c>; null when unknown.</summary>
    public static string? Code(int signal, int code)
    {
        switch (code)
        {
            case 0: return "SI_USER";
            case SiKernel: return "SI_KERNEL";
            case -1: return "SI_QUEUE";
            case -2: return "SI_TIMER";
            case -3: return "SI_MESGQ";
            case -4: return "SI_ASYNCIO";
            case -5: return "SI_SIGIO";
            case -6: return "SI_TKILL";
        }

        string[]? codes = signal switch
        {
            SigSegv => ["SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR", "SEGV_ACCADI", "SEGV_ADIDERR", "SEGV_ADIPERR", "SEGV_MTEAERR", "SEGV_MTESERR", "SEGV_CPERR"],
            SigBus => ["BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR", "BUS_MCEERR_AR", "BUS_MCEERR_AO"],
            SigIll => ["ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP", "ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK", "ILL_BADIADDR"],
            SigFpe => ["FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF", "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB", "FPE_FLTUNK", "FPE_CONDTRAP"],
            SigTrap => ["TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH", "TRAP_HWBKPT", "TRAP_UNK", "TRAP_PERF"],
            17 => ["CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED"],
            SigSys => ["SYS_SECCOMP", "SYS_USER_DISPATCH"],
            _ => null,
        };
        return codes is not null && code >= 1 && code <= codes.Length ? codes[code - 1] : null;
    }
}
