namespace Backtrace.Unwinding.Target;

/// <summary>One mapping of the target's address space: <c>[Start, End)</c>, its rights and what backs it.</summary>
/// <param name="Start">First address of the region.</param>
/// <param name="End">First address past the region.</param>
/// <param name="FileOffset">Offset in <paramref name="Path"/> mapped at <paramref name="Start"/> (0 when anonymous).</param>
/// <param name="Permissions">Access rights.</param>
/// <param name="Path">Backing file, a pseudo-name such as <c>[stack]</c> or <c>[vdso]</c>, or null when anonymous.</param>
public readonly record struct MappedRegion(ulong Start, ulong End, ulong FileOffset, RegionPermissions Permissions, string? Path)
{
    /// <summary>True when <paramref name="address"/> lies in <c>[Start, End)</c>.</summary>
    public bool Contains(ulong address) => address >= Start && address < End;

    /// <summary>True when the region may hold code.</summary>
    public bool IsExecutable => (Permissions & RegionPermissions.Execute) != 0;

    /// <summary>True when the region is backed by a file (not anonymous and not a <c>[pseudo]</c> name).</summary>
    public bool IsFileBacked => Path is { Length: > 0 } p && p[0] != '[';

    /// <summary>Size in bytes.</summary>
    public ulong Size => End - Start;
}
