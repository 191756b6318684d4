namespace Backtrace.Analysis.Linux;

/// <summary>Linux x86-64 signal numbers and <c>si_code</c> values the rules interpret (see native-capture §3.1).</summary>
internal static class Signals
{
    public const int Sigill = 4;
    public const int Sigtrap = 5;
    public const int Sigabrt = 6;
    public const int Sigbus = 7;
    public const int Sigfpe = 8;
    public const int Sigsegv = 11;

    // Generic codes: who sent the signal.
    public const int SiUser = 0;
    public const int SiQueue = -1;
    public const int SiTimer = -2;
    public const int SiTkill = -6;
    public const int SiKernel = 0x80;

    public const int SegvMaperr = 1;
    public const int SegvAccerr = 2;
    public const int SegvBnderr = 3;
    public const int SegvPkuerr = 4;
    public const int SegvCperr = 10;

    public const int BusAdraln = 1;
    public const int BusAdrerr = 2;
    public const int BusObjerr = 3;
    public const int BusMceerrAr = 4;
    public const int BusMceerrAo = 5;

    public const int IllIllopc = 1;
    public const int IllIllopn = 2;
    public const int IllIlladr = 3;
    public const int IllIlltrp = 4;
    public const int IllPrvopc = 5;
    public const int IllPrvreg = 6;
    public const int IllCoproc = 7;
    public const int IllBadstk = 8;

    public const int FpeIntdiv = 1;
    public const int FpeIntovf = 2;

    public const int TrapBrkpt = 1;
    public const int TrapTrace = 2;
    public const int TrapHwbkpt = 4;

    /// <summary>Portable name of a Linux signal number, or null for an unknown number.</summary>
    public static string? Name(int signal) => signal switch
    {
        1 => "SIGHUP", 2 => "SIGINT", 3 => "SIGQUIT", 4 => "SIGILL", 5 => "SIGTRAP", 6 => "SIGABRT",
        7 => "SIGBUS", 8 => "SIGFPE", 9 => "SIGKILL", 10 => "SIGUSR1", 11 => "SIGSEGV", 12 => "SIGUSR2",
        13 => "SIGPIPE", 14 => "SIGALRM", 15 => "SIGTERM", 16 => "SIGSTKFLT", 17 => "SIGCHLD", 18 => "SIGCONT",
        19 => "SIGSTOP", 20 => "SIGTSTP", 21 => "SIGTTIN", 22 => "SIGTTOU", 23 => "SIGURG", 24 => "SIGXCPU",
        25 => "SIGXFSZ", 26 => "SIGVTALRM", 27 => "SIGPROF", 28 => "SIGWINCH", 29 => "SIGIO", 30 => "SIGPWR",
        31 => "SIGSYS",
        _ => null,
    };

    /// <summary>
    /// True when a process (or the thread itself) sent the signal, not the CPU. SI_USER is 0, which is also
    /// what a snapshot from a client library carries when it never knew the code, so SI_USER counts only
    /// with a sender pid (the agent always records <c>si_pid</c>).
    /// </summary>
    public static bool WasSent(Backtrace.Snapshots.Model.SnapshotFault fault) =>
        fault.Code is SiQueue or SiTkill || (fault.Code == SiUser && fault.SenderPid is not null);
}
