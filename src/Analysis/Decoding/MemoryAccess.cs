using Iced.Intel;

namespace Backtrace.Analysis.Decoding;

/// <summary>One memory operand of the faulting instruction, with its effective address from the snapshot registers.</summary>
/// <param name="Base">Base register name (<c>rax</c>), or null.</param>
/// <param name="Index">Index register name, or null.</param>
/// <param name="Scale">Index scale (1, 2, 4, 8).</param>
/// <param name="Displacement">Signed displacement (absolute address for rip-relative operands).</param>
/// <param name="Size">Bytes accessed per element, 0 when unknown.</param>
/// <param name="Access">Read, write or both.</param>
/// <param name="Address">Effective address, or null when a register it needs was not captured.</param>
/// <param name="BaseValue">Value of the base register.</param>
/// <param name="IndexValue">Value of the index register.</param>
internal sealed record MemoryAccess(
    string? Base, string? Index, int Scale, long Displacement, int Size, OpAccess Access,
    ulong? Address, ulong? BaseValue, ulong? IndexValue)
{
    public bool IsWrite => Access is OpAccess.Write or OpAccess.CondWrite or OpAccess.ReadWrite or OpAccess.ReadCondWrite;

    public bool IsRead => Access is OpAccess.Read or OpAccess.CondRead or OpAccess.ReadWrite or OpAccess.ReadCondWrite;

    /// <summary>True when the access covers <paramref name="address"/>.</summary>
    public bool Covers(ulong address) =>
        Address is { } ea && address >= ea && address - ea < (ulong)Math.Max(Size, 1);

    /// <summary>Operand text with values, e.g. <c>[rax+0x10] (rax=0x0)</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Base is not null)
        {
            parts.Add(Base);
        }

        if (Index is not null)
        {
            parts.Add(Scale == 1 ? Index : $"{Index}*{Scale}");
        }

        if (Displacement != 0 || parts.Count == 0)
        {
            parts.Add(Displacement < 0 ? $"-0x{(ulong)-Displacement:x}" : $"0x{Displacement:x}");
        }

        var text = "[" + string.Join('+', parts).Replace("+-", "-", StringComparison.Ordinal) + "]";
        var values = new List<string>();
        if (Base is not null && BaseValue is { } b)
        {
            values.Add($"{Base}=0x{b:x}");
        }

        if (Index is not null && IndexValue is { } i)
        {
            values.Add($"{Index}=0x{i:x}");
        }

        return values.Count > 0 ? $"{text} ({string.Join(", ", values)})" : text;
    }
}
