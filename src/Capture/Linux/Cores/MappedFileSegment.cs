using Backtrace.Capture.Model;

namespace Backtrace.Capture.Linux.Cores;

/// <summary>Target memory whose bytes are in a mapped file: a core's PT_LOAD data, or a module file's pages.</summary>
internal sealed class MappedFileSegment(ulong start, ulong length, MappedFile file, long fileOffset) : MemorySegment(start, length)
{
    public override int Read(ulong offset, Span<byte> destination)
    {
        if (offset >= Length)
        {
            return 0;
        }

        var count = (long)Math.Min((ulong)destination.Length, Length - offset);
        var bytes = file.Slice(fileOffset + (long)offset, count);
        bytes.CopyTo(destination);
        return bytes.Length;
    }
}
