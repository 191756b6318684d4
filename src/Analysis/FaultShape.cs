using Backtrace.Analysis.Decoding;

namespace Backtrace.Analysis;

/// <summary>
/// The faulting instruction as the rules see it: computed once per analysis from the faulting thread's pc,
/// registers, captured code bytes and the fault address.
/// </summary>
internal sealed class FaultShape
{
    /// <summary>Program counter of the faulting thread.</summary>
    public required ulong Pc { get; init; }

    /// <summary>The decoded instruction at <see cref="Pc"/>, or null when its bytes were not captured or are not code.</summary>
    public DecodedInstruction? Instruction { get; init; }

    /// <summary>The memory operand whose address is the fault address (or, for #GP, the non-canonical or misaligned one).</summary>
    public MemoryAccess? FaultingAccess { get; init; }

    public FaultDirection Direction { get; init; }

    /// <summary>The address the fault was about: <c>si_addr</c>, or the decoded operand's address when the kernel reported 0.</summary>
    public ulong? Address { get; init; }

    /// <summary>True when the fault address is outside the canonical 48-bit range.</summary>
    public bool NonCanonical { get; init; }

    /// <summary>Required alignment the faulting operand violated, 0 when none.</summary>
    public int MisalignedFor { get; init; }

    /// <summary>Registers that formed the faulting address, with their values.</summary>
    public IReadOnlyList<(string Register, ulong Value)> Culprits { get; init; } = [];
}
