namespace Backtrace.Elf;

/// <summary>The <c>.gnu_debuglink</c> of a stripped object: the separate debug file's name and the CRC-32 of its contents.</summary>
/// <param name="FileName">File name (no directory), looked up beside the object, in <c>.debug/</c> and under the debug roots.</param>
/// <param name="Crc">CRC-32 (IEEE, as zlib's crc32) of the whole debug file.</param>
public readonly record struct ElfDebugLink(string FileName, uint Crc);
