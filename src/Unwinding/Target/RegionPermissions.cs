namespace Backtrace.Unwinding.Target;

/// <summary>Access rights of a mapped region, as in the <c>rwxp</c>/<c>rwxs</c> column of <c>/proc/PID/maps</c>.</summary>
[Flags]
public enum RegionPermissions
{
    /// <summary>No access (a guard region).</summary>
    None = 0,

    /// <summary>Readable.</summary>
    Read = 1,

    /// <summary>Writable.</summary>
    Write = 2,

    /// <summary>Executable: return addresses may point here even when no module covers it (JIT code).</summary>
    Execute = 4,

    /// <summary>Shared rather than private (copy-on-write).</summary>
    Shared = 8,
}
