namespace Backtrace.Analysis.Rules;

/// <summary>
/// glibc's fatal diagnostics (malloc_printerr, __fortify_fail, __stack_chk_fail, __assert_fail), as read from
/// <c>__abort_msg</c>, mapped to classifiers. The catalogue is glibc 2.36's set of strings (native-capture §3.3);
/// matching is by substring so the "Fatal glibc error:" prefix of newer versions does not matter.
/// </summary>
internal static class GlibcMessages
{
    private static readonly (string Fragment, string[] Classifiers, string Meaning)[] Catalogue =
    [
        ("double free or corruption", [Classifiers.HeapCorruption], "a chunk being freed is not in use: a double free, or a buffer overflow that overwrote chunk headers"),
        ("double free", [Classifiers.DoubleFree, Classifiers.HeapCorruption], "the same allocation was freed twice"),
        ("free(): invalid pointer", [Classifiers.InvalidFree], "free() was given a pointer malloc never returned"),
        ("munmap_chunk(): invalid pointer", [Classifiers.InvalidFree], "free() was given a pointer malloc never returned (or whose header was overwritten)"),
        ("realloc(): invalid pointer", [Classifiers.InvalidFree], "realloc() was given a pointer malloc never returned"),
        ("free(): invalid size", [Classifiers.InvalidFree], "the chunk header of a freed pointer is corrupt, or the pointer is not from malloc"),
        ("unaligned chunk detected", [Classifiers.InvalidFree, Classifiers.HeapCorruption], "a freed or cached pointer is misaligned: not from malloc, or a corrupted list"),
        ("too many chunks detected in tcache", [Classifiers.HeapCorruption], "the tcache count was overwritten"),
        ("invalid next size", [Classifiers.HeapCorruption], "a buffer overflow overwrote the next chunk's header"),
        ("corrupted top size", [Classifiers.HeapCorruption], "a buffer overflow overwrote the top chunk's header"),
        ("corrupted size vs. prev_size", [Classifiers.HeapCorruption], "a buffer overflow or underflow overwrote chunk headers"),
        ("corrupted double-linked list", [Classifiers.HeapCorruption], "freed-chunk list pointers were overwritten (use after free or overflow)"),
        ("double linked list corrupted", [Classifiers.HeapCorruption], "freed-chunk list pointers were overwritten (use after free or overflow)"),
        ("memory corruption", [Classifiers.HeapCorruption], "allocator metadata was overwritten"),
        ("mismatching next->prev_size", [Classifiers.HeapCorruption], "a buffer overflow overwrote chunk headers"),
        ("invalid size (unsorted)", [Classifiers.HeapCorruption], "allocator metadata was overwritten"),
        ("malloc(): unaligned", [Classifiers.HeapCorruption], "a free-list pointer was overwritten (use after free)"),
        ("malloc_consolidate(): invalid chunk size", [Classifiers.HeapCorruption], "allocator metadata was overwritten"),
        ("realloc(): invalid old size", [Classifiers.HeapCorruption], "the header of the reallocated chunk was overwritten"),
        ("realloc(): invalid next size", [Classifiers.HeapCorruption], "a buffer overflow overwrote the next chunk's header"),
        ("tcache_thread_shutdown(): unaligned", [Classifiers.HeapCorruption], "a tcache list pointer was overwritten"),
        ("buffer overflow detected", [Classifiers.FortifyFailure], "a _FORTIFY_SOURCE check caught a write past the end of a buffer"),
        ("stack smashing detected", [Classifiers.StackSmashing], "the stack protector found the canary overwritten: a stack buffer overflow"),
        ("Assertion", [Classifiers.Assertion], "an assert() failed"),
    ];

    /// <summary>The first catalogue entry the message matches, or null.</summary>
    public static (string[] Classifiers, string Meaning)? Match(string message)
    {
        foreach (var (fragment, classifiers, meaning) in Catalogue)
        {
            if (message.Contains(fragment, StringComparison.Ordinal))
            {
                return (classifiers, meaning);
            }
        }

        return null;
    }
}
