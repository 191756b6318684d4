using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Backtrace.Storage.Embedded.Bodies;

/// <summary>
/// Runs when the body store opens: for each segment, reads the records past what <see cref="BodyLocationTable"/>
/// covers (only the last moments before a crash, normally nothing), records their locations, and cuts off what
/// follows the last whole record: bytes of a batch whose fdatasync never returned, which no caller was told
/// were stored.
/// </summary>
internal static partial class SegmentRecovery
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Recovers every segment; returns the last one and its length after recovery, or null when there is none.</summary>
    public static (long Segment, long Length)? Run(SegmentDirectory directory, BodyLocationTable locations, ILogger logger)
    {
        var indexed = locations.IndexedExtents();
        (long, long)? last = null;
        foreach (var segment in directory.List())
        {
            using var handle = directory.OpenForWriting(segment);
            var length = RandomAccess.GetLength(handle);
            var from = indexed.GetValueOrDefault(segment);
            if (from > length)
            {
                // Only something outside Backtrace shortens a segment; the bodies past its end are gone.
                LogSegmentShortened(logger, directory.FileOf(segment), length, from);
                last = (segment, length);
                continue;
            }

            var (bodies, end) = Scan(handle, segment, from, length);
            if (bodies.Count > 0 || end > from)
            {
                locations.RecordAsync(segment, from, end, bodies).GetAwaiter().GetResult();
                LogRecovered(logger, bodies.Count, directory.FileOf(segment));
            }

            if (end < length)
            {
                RandomAccess.SetLength(handle, end);
                Fsync.Data(handle, directory.FileOf(segment));
                LogTailCut(logger, length - end, directory.FileOf(segment));
            }

            last = (segment, end);
        }

        return last;
    }

    /// <summary>The whole records from <paramref name="from"/> on, and where the last one ends.</summary>
    private static (List<(string Project, Guid Uuid, BodyLocation Location)> Bodies, long End) Scan(SafeFileHandle handle, long segment, long from, long length)
    {
        var bodies = new List<(string, Guid, BodyLocation)>();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var position = from;
            while (position < length)
            {
                var headerBytes = buffer.AsSpan(0, (int)Math.Min(SegmentRecord.MaxHeaderLength, length - position));
                headerBytes = headerBytes[..RandomAccess.Read(handle, headerBytes, position)];
                if (!SegmentRecord.TryReadHeader(headerBytes, length - position - SegmentRecord.FixedLength, out var header) ||
                    position + header.Length + header.BodyLength > length ||
                    !BodyMatches(handle, position + header.Length, header, buffer))
                {
                    break;
                }

                bodies.Add((header.Project, header.Uuid, new BodyLocation(segment, position + header.Length, header.BodyLength)));
                position += header.Length + header.BodyLength;
            }

            return (bodies, position);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool BodyMatches(SafeFileHandle handle, long offset, SegmentRecord.Header header, byte[] buffer)
    {
        var checksum = header.HeaderChecksum;
        for (long done = 0; done < header.BodyLength;)
        {
            var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, header.BodyLength - done));
            var read = RandomAccess.Read(handle, chunk, offset + done);
            if (read == 0)
            {
                return false;
            }

            checksum = Crc32C.Append(checksum, chunk[..read]);
            done += read;
        }

        return checksum == header.Checksum;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered the locations of {Count} snapshot bodies in {Path} after an unclean stop")]
    private static partial void LogRecovered(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cut {Bytes} bytes of unacknowledged, incomplete writes off the end of {Path}")]
    private static partial void LogTailCut(ILogger logger, long bytes, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Segment {Path} is {Length} bytes, shorter than the {Indexed} bytes of bodies recorded in it: something outside Backtrace shortened it, and the bodies past its end are lost")]
    private static partial void LogSegmentShortened(ILogger logger, string path, long length, long indexed);
}
