namespace Backtrace.Capture.Linux.Cores;

/// <summary>One NT_FILE entry: a file mapped at <c>[Start, End)</c> from byte <c>Offset</c>.</summary>
internal readonly record struct CoreFileEntry(ulong Start, ulong End, ulong Offset, string Path);
