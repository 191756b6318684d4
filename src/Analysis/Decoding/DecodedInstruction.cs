using Iced.Intel;

namespace Backtrace.Analysis.Decoding;

/// <summary>An instruction decoded from captured code bytes, with its memory operands evaluated.</summary>
internal sealed class DecodedInstruction
{
    public DecodedInstruction(Instruction instruction, string text, byte[] bytes, IReadOnlyList<MemoryAccess> accesses)
    {
        Instruction = instruction;
        Text = text;
        Bytes = bytes;
        Accesses = accesses;
    }

    public Instruction Instruction { get; }

    /// <summary>Intel-syntax text, e.g. <c>mov dword ptr [rax], 2Ah</c>.</summary>
    public string Text { get; }

    /// <summary>The instruction's bytes.</summary>
    public byte[] Bytes { get; }

    public IReadOnlyList<MemoryAccess> Accesses { get; }

    public string BytesHex => Convert.ToHexString(Bytes).ToLowerInvariant();
}
