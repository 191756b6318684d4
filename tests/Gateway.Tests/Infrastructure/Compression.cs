using System.IO.Compression;

namespace Backtrace.Gateway.Tests.Infrastructure;

/// <summary>Bodies compressed the ways clients send them.</summary>
internal static class Compression
{
    public static byte[] Gzip(byte[] data) => Compress(data, s => new GZipStream(s, CompressionLevel.Fastest));

    /// <summary>HTTP "deflate" as the RFC says: the zlib format.</summary>
    public static byte[] Zlib(byte[] data) => Compress(data, s => new ZLibStream(s, CompressionLevel.Fastest));

    /// <summary>HTTP "deflate" as many clients send it: raw deflate.</summary>
    public static byte[] RawDeflate(byte[] data) => Compress(data, s => new DeflateStream(s, CompressionLevel.Fastest));

    private static byte[] Compress(byte[] data, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }
}
