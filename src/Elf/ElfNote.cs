namespace Backtrace.Elf;

/// <summary>One note record: owner name, type, and where its descriptor lies (relative to the data it was parsed from, plus the base offset given).</summary>
/// <param name="Name">Owner name without the terminating NUL (<c>GNU</c>, <c>CORE</c>, <c>LINUX</c>, ...).</param>
/// <param name="Type">n_type.</param>
/// <param name="DescriptorOffset">Offset of the descriptor bytes.</param>
/// <param name="DescriptorSize">Size of the descriptor in bytes.</param>
public readonly record struct ElfNote(string Name, uint Type, long DescriptorOffset, int DescriptorSize);
