using Backtrace.Snapshots.Model;

namespace Backtrace.Deduplication;

/// <summary>One released version of the fingerprint algorithm. A released version never changes behaviour:
/// the fingerprints it gave yesterday it gives tomorrow.</summary>
public interface IFingerprintAlgorithm
{
    /// <summary>The version number, stored with every group it forms.</summary>
    int Version { get; }

    /// <summary>Computes the fingerprint of a snapshot that has no override.</summary>
    FingerprintResult Compute(Snapshot snapshot, FingerprintSettings settings);
}
