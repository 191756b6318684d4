using System.Buffers;

namespace Backtrace.Gateway.Ingest;

/// <summary>Reads a whole stream into one exactly-sized array, stopping as soon as it passes a bound, so a
/// hostile sender can never make the server hold more than the bound (plus one read's worth).</summary>
internal static class BoundedReader
{
    private const int FirstBufferSize = 64 * 1024;

    /// <summary>The whole stream, or null when it is longer than <paramref name="max"/> (the rest is left unread).</summary>
    /// <param name="stream">What to read.</param>
    /// <param name="expectedLength">The length announced in advance (Content-Length), when there is one.</param>
    /// <param name="max">Most bytes accepted.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static async Task<byte[]?> ReadAllAsync(Stream stream, long? expectedLength, long max, CancellationToken cancellationToken)
    {
        if (expectedLength is { } announced)
        {
            if (announced > max)
            {
                return null;
            }

            var exact = new byte[announced];
            await stream.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferSize);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > max)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads and discards the rest of a stream.</summary>
    public static async Task DiscardAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferSize);
        try
        {
            while (await stream.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
