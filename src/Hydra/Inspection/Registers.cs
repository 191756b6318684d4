namespace Backtrace.Hydra.Inspection;

/// <summary>Register display order and formatting.</summary>
public static class Registers
{
    private static readonly string[] Order =
    [
        "rip", "rsp", "rbp", "rax", "rbx", "rcx", "rdx", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "eflags", "rflags",
        "eip", "esp", "ebp", "eax", "ebx", "ecx", "edx", "esi", "edi",
        "pc", "sp", "fp", "lr", "cs", "ss", "ds", "es", "fs", "gs", "fs_base", "gs_base",
    ];

    /// <summary>The registers in the order people read them: pc and sp first, then general purpose, then the rest by name.</summary>
    public static IEnumerable<KeyValuePair<string, ulong>> Ordered(IReadOnlyDictionary<string, ulong> registers) =>
        registers.OrderBy(r => Array.IndexOf(Order, r.Key) is >= 0 and var i ? i : Order.Length)
            .ThenBy(r => r.Key.Length)
            .ThenBy(r => r.Key, StringComparer.Ordinal);

    /// <summary>One register line: <c>rip 0x401136  demo+0x1136</c>.</summary>
    public static PaneLine Line(string name, ulong value, AddressBook addresses, int nameWidth)
    {
        var where = addresses.Describe(value);
        return PaneLine.Plain($"{name.PadRight(nameWidth)} 0x{value:x}{(where is null ? "" : "  " + where)}");
    }

    /// <summary>All lines of a register set, names aligned.</summary>
    public static IEnumerable<PaneLine> Lines(IReadOnlyDictionary<string, ulong> registers, AddressBook addresses)
    {
        var width = registers.Count == 0 ? 0 : registers.Keys.Max(k => k.Length);
        return Ordered(registers).Select(r => Line(r.Key, r.Value, addresses, width));
    }
}
