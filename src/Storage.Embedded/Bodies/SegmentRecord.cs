using System.Buffers.Binary;
using System.Text;
using Backtrace.Grains;

namespace Backtrace.Storage.Embedded.Bodies;

/// <summary>
/// One body in a segment file: a header that names it, a checksum, and the body exactly as submitted.
/// <code>
/// offset  size  field
///      0     4  magic "BTB1"
///      4     4  body length, unsigned little-endian
///      8    16  uuid, RFC 4122 byte order
///     24     1  project name length p (1-64)
///     25     p  project name, ASCII
///   25+p     4  CRC-32C of bytes 0..25+p and of the body, little-endian
///   29+p     n  body
/// </code>
/// The checksum covers everything that recovery trusts, so a record cut short by a crash, or bytes that were
/// never written, are told from a whole record (docs/embedded-storage.md).
/// </summary>
internal static class SegmentRecord
{
    /// <summary>Bytes of the header before the project name.</summary>
    public const int FixedLength = 25;

    /// <summary>Longest header: <see cref="FixedLength"/>, the longest project name and the checksum.</summary>
    public const int MaxHeaderLength = FixedLength + ProjectName.MaxLength + sizeof(uint);

    private const uint Magic = 0x31425442; // "BTB1" read as a little-endian integer

    /// <summary>Length of the header of a record of <paramref name="project"/>.</summary>
    public static int HeaderLength(string project) => FixedLength + project.Length + sizeof(uint);

    /// <summary>Writes the header of a record holding <paramref name="body"/> into <paramref name="destination"/>; returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, string project, Guid uuid, ReadOnlySpan<byte> body)
    {
        var length = HeaderLength(project);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], checked((uint)body.Length));
        uuid.TryWriteBytes(destination[8..24], bigEndian: true, out _);
        destination[24] = (byte)project.Length;
        Encoding.ASCII.GetBytes(project, destination[FixedLength..]);
        var checksum = Crc32C.Append(Crc32C.Append(0, destination[..(length - sizeof(uint))]), body);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(length - sizeof(uint))..], checksum);
        return length;
    }

    /// <summary>
    /// Reads a header from the start of <paramref name="bytes"/> (which holds at least <see cref="FixedLength"/>
    /// bytes, and the whole header if the record is whole). False when these bytes cannot start a record: bad
    /// magic, an invalid project name, or a body longer than <paramref name="maxBodyLength"/>.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> bytes, long maxBodyLength, out Header header)
    {
        header = default;
        if (bytes.Length < FixedLength || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            return false;
        }

        var bodyLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        var projectLength = bytes[24];
        var length = FixedLength + projectLength + sizeof(uint);
        if (bodyLength > maxBodyLength || bodyLength > int.MaxValue || bytes.Length < length)
        {
            return false;
        }

        var project = Encoding.ASCII.GetString(bytes.Slice(FixedLength, projectLength));
        if (!ProjectName.IsValid(project, out _))
        {
            return false;
        }

        header = new Header(project, new Guid(bytes[8..24], bigEndian: true), (int)bodyLength, length,
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[(length - sizeof(uint))..]),
            Crc32C.Append(0, bytes[..(length - sizeof(uint))]));
        return true;
    }

    /// <summary>A record's header as read back.</summary>
    /// <param name="Project">The project the body belongs to.</param>
    /// <param name="Uuid">The snapshot's uuid.</param>
    /// <param name="BodyLength">Bytes of body after the header.</param>
    /// <param name="Length">Bytes of the header.</param>
    /// <param name="Checksum">The stored checksum.</param>
    /// <param name="HeaderChecksum">The checksum of the header's own bytes, to continue over the body and compare.</param>
    public readonly record struct Header(string Project, Guid Uuid, int BodyLength, int Length, uint Checksum, uint HeaderChecksum);
}
