using System.Security.Cryptography;

namespace Backtrace.Storage.Bodies;

/// <summary>
/// Keys of documents kept beside a snapshot's body in <see cref="ISnapshotBodyStore"/>, such as the findings
/// of analysis at ingest. A sidecar is stored like a body (durable, first write wins, every backend) under a
/// uuid derived from the snapshot's: a name-based uuid (SHA-256 of a namespace per kind of sidecar and the
/// snapshot's uuid, marked version 8), so it can be found from the snapshot alone and never collides with a real
/// snapshot's (random) uuid in practice.
/// </summary>
public static class SidecarKeys
{
    /// <summary>Namespace of the server-analysis sidecar. Never change it: stored sidecars are found through it.</summary>
    private static readonly Guid ServerAnalysisNamespace = new("5f0c3a8e-2b7d-4d61-9a4e-0b8f6c1d2e35");

    /// <summary>The key of the snapshot's server-analysis findings.</summary>
    public static Guid ServerAnalysis(Guid snapshot) => NameBased(ServerAnalysisNamespace, snapshot);

    private static Guid NameBased(Guid space, Guid name)
    {
        Span<byte> input = stackalloc byte[32];
        space.TryWriteBytes(input[..16], bigEndian: true, out _);
        name.TryWriteBytes(input[16..], bigEndian: true, out _);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
