using Backtrace.Hydra.Cli;

namespace Backtrace.Hydra.Loading;

/// <summary>Reads a whole stream but never more than a limit: a file that grows or a server that lies about its
/// length cannot make the viewer allocate without bound.</summary>
internal static class BoundedReader
{
    /// <exception cref="HydraException">The stream holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static byte[] ReadAll(Stream stream, long maxBytes, string origin) =>
        ReadAllAsync(stream, maxBytes, origin, CancellationToken.None).GetAwaiter().GetResult();

    /// <exception cref="HydraException">The stream holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static async Task<byte[]> ReadAllAsync(Stream stream, long maxBytes, string origin, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellation).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(origin, maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The error for a document over the limit, also used when a declared length already says so.</summary>
    public static HydraException TooLarge(string origin, long maxBytes) =>
        new($"{origin} is larger than the {FormatSize(maxBytes)} limit (raise it with --max-size)");

    private static string FormatSize(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";
}
