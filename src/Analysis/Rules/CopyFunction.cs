namespace Backtrace.Analysis.Rules;

/// <summary>The memory and string functions whose arguments the constraint rule checks.</summary>
internal enum CopyFunction
{
    None,

    /// <summary>memcpy, mempcpy: overlapping ranges are undefined behaviour.</summary>
    Copy,

    /// <summary>
    /// memmove, and glibc's x86-64 ifunc variants of memcpy and memmove: one implementation with two
    /// symbols, so which one a symbolizer prints says nothing about which function the program called.
    /// </summary>
    Move,

    /// <summary>memset: destination only.</summary>
    Set,

    /// <summary>strcpy, stpcpy, strcat: unbounded, length unknown.</summary>
    StringCopy,

    /// <summary>strncpy, stpncpy, strncat: the length is in rdx.</summary>
    BoundedStringCopy,
}

/// <summary>Recognises <see cref="CopyFunction"/>s by symbol, including glibc's ifunc variants (<c>__memmove_avx_unaligned_erms</c>).</summary>
internal static class CopyFunctions
{
    private static readonly (string Prefix, CopyFunction Kind)[] Families =
    [
        ("memcpy", CopyFunction.Copy), ("mempcpy", CopyFunction.Copy), ("memmove", CopyFunction.Move),
        ("memset", CopyFunction.Set), ("strcpy", CopyFunction.StringCopy), ("stpcpy", CopyFunction.StringCopy),
        ("strcat", CopyFunction.StringCopy), ("strncpy", CopyFunction.BoundedStringCopy),
        ("stpncpy", CopyFunction.BoundedStringCopy), ("strncat", CopyFunction.BoundedStringCopy),
    ];

    public static CopyFunction Classify(string? function)
    {
        var name = FrameNames.Normalize(function);
        if (name is null)
        {
            return CopyFunction.None;
        }

        if (name.StartsWith("__memcpy_", StringComparison.Ordinal) && name != "__memcpy_chk")
        {
            return CopyFunction.Move;
        }

        var core = name.TrimStart('_');
        foreach (var (prefix, kind) in Families)
        {
            // memcpy, __memcpy_chk, __memcpy_avx_unaligned_erms, __GI_memcpy; not memcpy_s or memset_explicit wrappers.
            if (core == prefix || (core.StartsWith(prefix + "_", StringComparison.Ordinal) && name.StartsWith("__", StringComparison.Ordinal)))
            {
                return kind;
            }
        }

        return CopyFunction.None;
    }
}
