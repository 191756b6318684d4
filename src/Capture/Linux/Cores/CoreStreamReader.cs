namespace Backtrace.Capture.Linux.Cores;

/// <summary>
/// Sequential reads of a core stream with a position, skipping forward, and an optional copy of every
/// byte read or skipped (<c>--keep-core</c>). The stream cannot seek: the kernel writes the core once.
/// </summary>
internal sealed class CoreStreamReader(Stream stream, Stream? copy, DateTime deadline)
{
    private readonly byte[] _scratch = new byte[1 << 20];

    public long Position { get; private set; }

    /// <summary>True once the stream ended.</summary>
    public bool Ended { get; private set; }

    public bool DeadlinePassed => DateTime.UtcNow > deadline;

    /// <summary>Fills <paramref name="destination"/> as far as the stream goes; returns the count.</summary>
    public int Read(Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length && !Ended)
        {
            var read = stream.Read(destination[total..]);
            if (read == 0)
            {
                Ended = true;
                break;
            }

            copy?.Write(destination.Slice(total, read));
            total += read;
        }

        Position += total;
        return total;
    }

    /// <summary>Skips forward to <paramref name="offset"/>; false when the stream ends or the deadline passes first.</summary>
    public bool SkipTo(long offset)
    {
        while (Position < offset)
        {
            if (DeadlinePassed)
            {
                return false;
            }

            var chunk = (int)Math.Min(_scratch.Length, offset - Position);
            if (Read(_scratch.AsSpan(0, chunk)) < chunk)
            {
                return false;
            }
        }

        return Position == offset;
    }

    /// <summary>Reads (and copies) the rest of the stream, for a kept core; stops at the deadline.</summary>
    public void DrainToEnd()
    {
        while (!Ended && !DeadlinePassed)
        {
            Read(_scratch);
        }
    }
}
