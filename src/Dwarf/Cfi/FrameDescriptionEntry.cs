namespace Backtrace.Dwarf.Cfi;

/// <summary>A parsed FDE: the code range it covers and where its instructions are in its section.</summary>
internal readonly record struct FrameDescriptionEntry(
    CommonInformationEntry Cie, ulong Start, ulong End, int InstructionsStart, int InstructionsEnd);
