namespace Backtrace.Analysis.Rules;

/// <summary>The memory and string functions whose arguments the constraint rule checks.</summary>
internal enum CopyFunction
{
    None,

    /// <summary>memcpy, mempcpy: overlapping ranges are undefined behaviour.</summary>
    Copy,

    /// <summary>memmove, which on x86-64 glibc is also the implementation behind memcpy's symbols.</summary>
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
