namespace Backtrace.Analysis.Memory;

/// <summary>
/// Bounded reads of a process's memory beyond what the snapshot captured: the live target in the agent, or
/// the core file the agent is reading. The server has no such reader and analyses captured memory only.
/// </summary>
public interface IMemoryReader
{
    /// <summary>
    /// Copies up to <c>destination.Length</c> bytes starting at <paramref name="address"/>. Returns how many
    /// leading bytes were read: fewer than asked when the range crosses into unreadable memory, 0 when the
    /// first byte is unreadable. Must not throw for unreadable or unmapped addresses.
    /// </summary>
    int Read(ulong address, Span<byte> destination);
}
