using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis;

/// <summary>
/// Matches frame function names the way symbol tables spell them: glibc's internal aliases
/// (<c>__GI_raise</c>), symbol versions (<c>memcpy@@GLIBC_2.14</c>) and demangled C++ parameter lists
/// (<c>std::terminate()</c>) are ignored.
/// </summary>
internal static class FrameNames
{
    /// <summary>The function name reduced to its comparable core, or null.</summary>
    public static string? Normalize(string? function)
    {
        if (string.IsNullOrEmpty(function))
        {
            return null;
        }

        var name = function;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            name = name[..at];
        }

        var paren = name.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            name = name[..paren];
        }

        if (name.StartsWith("__GI_", StringComparison.Ordinal))
        {
            name = name[5..];
        }

        return name;
    }

    /// <summary>True when the frame's function is one of <paramref name="names"/>.</summary>
    public static bool Is(SnapshotFrame frame, params ReadOnlySpan<string> names)
    {
        var name = Normalize(frame.Function);
        if (name is null)
        {
            return false;
        }

        foreach (var candidate in names)
        {
            if (string.Equals(name, candidate, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Index of the innermost frame whose function is one of <paramref name="names"/>, or -1.</summary>
    public static int IndexOf(SnapshotThread thread, params ReadOnlySpan<string> names)
    {
        for (var i = 0; i < thread.Frames.Count; i++)
        {
            if (Is(thread.Frames[i], names))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary><c>function+0xoff</c>, <c>module+0xoff</c> or the bare pc, for annotations.</summary>
    public static string Describe(SnapshotFrame frame)
    {
        if (frame.Function is { } f)
        {
            return frame.FunctionOffset is { } o && o != 0 ? $"{f}+0x{o:x}" : f;
        }

        if (frame.Module is { } m && frame.ModuleOffset is { } mo)
        {
            return $"{Path.GetFileName(m)}+0x{mo:x}";
        }

        return $"0x{frame.Pc:x}";
    }
}
