namespace Backtrace.Analysis;

/// <summary>
/// The built-in classifier vocabulary. These strings are a stable contract (queries, fault-group rules and
/// alerts match on them): add new ones, never rename. docs/analysis.md gives the rule behind each.
/// </summary>
public static class Classifiers
{
    // The signal itself: exactly one of these for a snapshot with a fault.
    public const string Segv = "segv";
    public const string Bus = "bus";
    public const string Ill = "ill";
    public const string Fpe = "fpe";
    public const string Trap = "trap";
    public const string Abort = "abort";

    // Who sent it.
    public const string SelfRaised = "self-raised";
    public const string ExternalSignal = "external-signal";

    // SIGSEGV codes.
    public const string Unmapped = "unmapped";
    public const string Protection = "protection";
    public const string GeneralProtection = "general-protection";
    public const string Bounds = "bounds";
    public const string ProtectionKey = "protection-key";
    public const string ShadowStack = "shadow-stack";

    // SIGBUS codes.
    public const string Misaligned = "misaligned";
    public const string NonexistentAddress = "nonexistent-address";
    public const string ObjectError = "object-error";
    public const string HardwareMemoryError = "hardware-memory-error";

    // SIGILL codes.
    public const string TrapInstruction = "trap-instruction";
    public const string IllegalInstruction = "illegal-instruction";
    public const string PrivilegedInstruction = "privileged-instruction";

    // SIGFPE codes.
    public const string DivideByZero = "divide-by-zero";
    public const string IntegerOverflow = "integer-overflow";
    public const string FloatingPoint = "floating-point";

    // SIGTRAP codes.
    public const string Breakpoint = "breakpoint";
    public const string SingleStep = "single-step";

    // Fault direction and shape, from the decoded faulting instruction.
    public const string Read = "read";
    public const string Write = "write";
    public const string Execute = "execute";
    public const string WildJump = "wild-jump";
    public const string NonCanonical = "non-canonical";
    public const string Alignment = "alignment";

    public const string NullDereference = "null-dereference";
    public const string StackOverflow = "stack-overflow";
    public const string CrossThreadAlias = "cross-thread-alias";

    // Function constraints (memcpy family, free, realloc).
    public const string CopyOverlap = "copy-overlap";
    public const string InvalidDestination = "invalid-destination";
    public const string ReadOnlyDestination = "read-only-destination";
    public const string InvalidSource = "invalid-source";
    public const string BadLength = "bad-length";
    public const string InvalidFree = "invalid-free";

    // Allocator and libc diagnostics.
    public const string HeapCorruption = "heap-corruption";
    public const string DoubleFree = "double-free";
    public const string HeapCorruptionVictim = "heap-corruption-victim";
    public const string FortifyFailure = "fortify-failure";
    public const string StackSmashing = "stack-smashing";
    public const string Assertion = "assertion";
    public const string Jemalloc = "jemalloc";

    public const string UncaughtException = "uncaught-exception";
}
