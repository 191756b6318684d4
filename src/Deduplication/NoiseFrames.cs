namespace Backtrace.Deduplication;

/// <summary>
/// Frames that say nothing about the bug, whatever program crashed: signal trampolines, the abort, raise and
/// assert plumbing of libc, libc's error reporting, C++ terminate and exception machinery, Rust's panic
/// machinery. Matched against normalized names (<see cref="FunctionNameNormalizer"/>). This list is part of
/// fingerprint algorithm version 1: changing it changes fingerprints, so it changes only with a new version.
/// </summary>
public static class NoiseFrames
{
    /// <summary>Functions the kernel returns through after a signal handler. Frames inner to one belong to a signal handler.</summary>
    public static readonly IReadOnlySet<string> SignalTrampolines = new HashSet<string>(StringComparer.Ordinal)
    {
        "__restore_rt", "__restore", "__kernel_rt_sigreturn", "__kernel_sigreturn", "_sigtramp", "__sigtramp",
        "sigreturn", "__sigreturn", "__vdso_rt_sigreturn", "__cleanup_sighandler", "__sighndlr",
    };

    private static readonly HashSet<string> Exact = new(StringComparer.Ordinal)
    {
        // abort / raise / kill plumbing (glibc, musl, FreeBSD libc, illumos libc).
        "abort", "raise", "gsignal", "pthread_kill", "__pthread_kill", "__pthread_kill_implementation",
        "__pthread_kill_internal", "__syscall_cp_asm", "__restore_sigs", "thr_kill", "_thr_kill", "__thr_kill", "_lwp_kill", "__abort",
        // assert.
        "__assert_fail", "__assert_fail_base", "__assert_perror_fail", "__assert", "__assert2", "__assert_rtn", "__assert13",
        // libc error reporting and fortify checks.
        "__libc_message", "__libc_message_impl", "__libc_fatal", "malloc_printerr", "__malloc_assert",
        "__fortify_fail", "__fortify_fail_abort", "__chk_fail", "__stack_chk_fail", "__stack_chk_fail_local",
        // C++ terminate and exception machinery.
        "std::terminate", "std::__terminate", "__cxxabiv1::__terminate", "__cxa_call_terminate",
        "__gnu_cxx::__verbose_terminate_handler", "__cxa_throw", "__cxa_rethrow", "__cxa_pure_virtual",
        "__cxa_deleted_virtual", "_Unwind_RaiseException", "_Unwind_Resume", "_Unwind_ForcedUnwind", "__gxx_personality_v0",
        // Rust panic machinery.
        "rust_panic", "rust_begin_unwind", "__rust_start_panic", "__rust_end_short_backtrace", "__rust_abort",
    };

    private static readonly string[] Prefixes =
    [
        "std::panicking::", "core::panicking::", "std::sys::pal::unix::abort_internal", "std::sys::abort_internal",
        "std::process::abort", "panic_abort::", "__sanitizer::", "__asan::", "__ubsan::",
    ];

    /// <summary>True when a normalized function name is plumbing to drop from the fingerprint.</summary>
    public static bool IsNoise(string normalizedName)
    {
        if (Exact.Contains(normalizedName) || SignalTrampolines.Contains(normalizedName))
        {
            return true;
        }

        foreach (var prefix in Prefixes)
        {
            if (normalizedName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
