namespace Backtrace.Dwarf.Cfi;

/// <summary>A parsed CIE: the alignment factors, the return-address column, the encodings FDEs use, and where its initial instructions are.</summary>
internal sealed record CommonInformationEntry(
    int Offset,
    ulong CodeAlignment,
    long DataAlignment,
    int ReturnAddressColumn,
    byte FdeEncoding,
    byte LsdaEncoding,
    bool HasAugmentationData,
    bool IsSignalFrame,
    int InstructionsStart,
    int InstructionsEnd);
