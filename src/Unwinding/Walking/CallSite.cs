namespace Backtrace.Unwinding.Walking;

/// <summary>
/// Checks that a candidate return address follows a call instruction: <c>e8 rel32</c>, or <c>ff /2</c> with any
/// ModRM/SIB/displacement form and an optional REX prefix. A cheap filter that removes most false positives of
/// frame-pointer and stack-scan heuristics.
/// </summary>
internal static class CallSite
{
    private const int MaxCallLength = 7;

    /// <summary>True when the bytes before <paramref name="returnAddress"/> end with a call; null when they could not be read.</summary>
    public static bool? FollowsCall(ModuleMap map, ulong returnAddress)
    {
        Span<byte> buffer = stackalloc byte[MaxCallLength];
        for (var available = MaxCallLength; available >= 2; available--)
        {
            if (returnAddress < (ulong)available || !map.TryReadCode(returnAddress - (ulong)available, buffer[..available]))
            {
                continue;
            }

            var bytes = buffer[..available];
            if (bytes.Length >= 5 && bytes[^5] == 0xe8)
            {
                return true;
            }

            for (var length = 2; length <= bytes.Length; length++)
            {
                if (IsIndirectCall(bytes[^length..]))
                {
                    return true;
                }
            }

            return false;
        }

        return null;
    }

    /// <summary>True when <paramref name="code"/> is exactly one <c>[REX] ff /2</c> instruction.</summary>
    private static bool IsIndirectCall(ReadOnlySpan<byte> code)
    {
        var i = 0;
        if (code[i] is >= 0x40 and <= 0x4f)
        {
            i++;
        }

        if (i + 1 >= code.Length || code[i] != 0xff)
        {
            return false;
        }

        var modrm = code[i + 1];
        if (((modrm >> 3) & 7) != 2)
        {
            return false;
        }

        var mod = modrm >> 6;
        var rm = modrm & 7;
        var length = i + 2;
        if (mod != 3 && rm == 4)
        {
            if (length >= code.Length)
            {
                return false;
            }

            var sibBase = code[length] & 7;
            length++;
            if (mod == 0 && sibBase == 5)
            {
                length += 4;
            }
        }

        length += mod switch
        {
            1 => 1,
            2 => 4,
            0 when rm == 5 => 4,
            _ => 0,
        };
        return length == code.Length;
    }
}
