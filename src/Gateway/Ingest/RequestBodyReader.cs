using System.IO.Compression;
using Backtrace.Gateway.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Ingest;

/// <summary>
/// Reads a submission's body under <see cref="IngestOptions"/>: at most <see cref="IngestOptions.MaxBodyBytes"/>
/// on the wire, then undoes its <c>Content-Encoding</c> (gzip or deflate) into at most
/// <see cref="IngestOptions.MaxDecompressedBytes"/>. Over either bound: 413; corrupt compression: 400;
/// any other encoding: 415.
/// </summary>
public sealed class RequestBodyReader(IOptions<IngestOptions> options)
{
    private readonly IngestOptions _options = options.Value;

    /// <summary>The decompressed body, as one exactly-sized array.</summary>
    public async Task<byte[]> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        var encoding = EncodingOf(request);

        // Kestrel's own default (about 28.6 MiB) would otherwise cut in first. Kestrel keeps the drain bound, so
        // a body is never read much past the limit.
        var drainLimit = DrainLimit(_options.MaxBodyBytes);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = drainLimit;
        }

        var raw = await BoundedReader.ReadAllAsync(request.Body, request.ContentLength, _options.MaxBodyBytes, context.RequestAborted);
        if (raw is null)
        {
            await DiscardRestAsync(request, drainLimit, context.RequestAborted);
            throw Problem.BodyTooLarge($"the body is larger than the limit of {_options.MaxBodyBytes} bytes");
        }

        return encoding switch
        {
            ContentEncoding.Gzip => Inflate(new GZipStream(new MemoryStream(raw), CompressionMode.Decompress), "gzip"),
            ContentEncoding.Deflate => Inflate(DeflateStreamFor(raw), "deflate"),
            _ => raw,
        };
    }

    private byte[] Inflate(Stream decompressor, string name)
    {
        using (decompressor)
        {
            byte[]? inflated;
            try
            {
                // The source is in memory, so the synchronous path is the cheap one.
                inflated = BoundedReader.ReadAllAsync(decompressor, expectedLength: null, _options.MaxDecompressedBytes, CancellationToken.None)
                    .GetAwaiter().GetResult();
            }
            catch (InvalidDataException e)
            {
                throw Problem.CorruptBody(name, e.Message);
            }

            return inflated ?? throw Problem.BodyTooLarge(
                $"the {name} body decompresses to more than the limit of {_options.MaxDecompressedBytes} bytes");
        }
    }

    /// <summary>
    /// Most clients send their whole body before they read the answer, so answering 413 while the body is still
    /// arriving makes them see a reset connection instead. The rest is read and dropped, up to twice the limit;
    /// a body larger still (Kestrel stops it at <paramref name="drainLimit"/>) gets its connection closed.
    /// </summary>
    private static async Task DiscardRestAsync(HttpRequest request, long drainLimit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > drainLimit)
        {
            return;
        }

        try
        {
            await BoundedReader.DiscardAsync(request.Body, cancellationToken);
        }
        catch (BadHttpRequestException)
        {
            // Over the drain limit: Kestrel closes the connection after the answer.
        }
    }

    private static long DrainLimit(long maxBodyBytes) => maxBodyBytes > long.MaxValue / 2 ? long.MaxValue : maxBodyBytes * 2;

    /// <summary>HTTP's "deflate" is the zlib format (RFC 1950), but many clients send raw deflate (RFC 1951);
    /// a zlib stream is recognized by its two-byte header, whose value is a multiple of 31.</summary>
    private static Stream DeflateStreamFor(byte[] raw)
    {
        var isZlib = raw.Length >= 2 && (raw[0] & 0x0F) == 8 && ((raw[0] << 8) | raw[1]) % 31 == 0;
        return isZlib
            ? new ZLibStream(new MemoryStream(raw), CompressionMode.Decompress)
            : new DeflateStream(new MemoryStream(raw), CompressionMode.Decompress);
    }

    private static ContentEncoding EncodingOf(HttpRequest request)
    {
        var values = request.Headers.ContentEncoding;
        var codings = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(c => !c.Equals("identity", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (codings.Count > 1)
        {
            throw Problem.UnsupportedEncoding($"the body has several content encodings ({string.Join(", ", codings)}); send one of gzip or deflate");
        }

        return codings.Count == 0 ? ContentEncoding.Identity : codings[0].ToLowerInvariant() switch
        {
            "gzip" or "x-gzip" => ContentEncoding.Gzip,
            "deflate" => ContentEncoding.Deflate,
            var other => throw Problem.UnsupportedEncoding($"Content-Encoding '{other}' is not supported; send the body uncompressed, gzip or deflate"),
        };
    }

    private enum ContentEncoding
    {
        Identity,
        Gzip,
        Deflate,
    }
}
