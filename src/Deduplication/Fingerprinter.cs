using System.Security.Cryptography;
using System.Text;
using Backtrace.Snapshots.Model;

namespace Backtrace.Deduplication;

/// <summary>
/// Computes fingerprints with a chosen algorithm version. Projects are pinned to a version, so releasing a new
/// version never regroups existing data: only an explicit change of the project's setting does.
/// </summary>
public static class Fingerprinter
{
    /// <summary>The version new projects get.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Longest accepted fingerprint override.</summary>
    public const int MaxOverrideLength = 256;

    private static readonly IFingerprintAlgorithm[] Algorithms = [new FingerprintAlgorithmV1()];

    /// <summary>Every version this build can compute.</summary>
    public static IReadOnlyList<int> SupportedVersions { get; } = Array.ConvertAll(Algorithms, a => a.Version);

    /// <summary>The algorithm of a version.</summary>
    /// <exception cref="ArgumentOutOfRangeException">This build does not know the version.</exception>
    public static IFingerprintAlgorithm Algorithm(int version) =>
        Array.Find(Algorithms, a => a.Version == version)
        ?? throw new ArgumentOutOfRangeException(nameof(version), version,
            $"fingerprint version {version} is not supported; supported: {string.Join(", ", SupportedVersions)}");

    /// <summary>
    /// The snapshot's fingerprint: its override when it has one (a 64-hex override is used as is, lower-cased;
    /// any other text is hashed, so equal overrides always meet), otherwise version <paramref name="version"/> of the algorithm.
    /// </summary>
    public static FingerprintResult Compute(Snapshot snapshot, int version, FingerprintSettings settings)
    {
        var algorithm = Algorithm(version);
        var fingerprint = snapshot.Fingerprint?.Trim();
        if (string.IsNullOrEmpty(fingerprint))
        {
            return algorithm.Compute(snapshot, settings);
        }

        if (fingerprint.Length > MaxOverrideLength)
        {
            throw new ArgumentException($"the fingerprint override is {fingerprint.Length} characters; at most {MaxOverrideLength} are allowed", nameof(snapshot));
        }

        var value = IsSha256Hex(fingerprint) ? fingerprint.ToLowerInvariant() : Hash("override", [fingerprint]);
        return new FingerprintResult(value, 0, FingerprintBasis.Override, [fingerprint]);
    }

    /// <summary>SHA-256 (lower-case hex) of a domain tag and lines, each ended by a newline, so that no two
    /// different inputs can produce the same byte string.</summary>
    internal static string Hash(string domain, IReadOnlyList<string> lines)
    {
        var text = new StringBuilder("backtrace-fingerprint\n").Append(domain).Append('\n');
        foreach (var line in lines)
        {
            text.Append(line.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static bool IsSha256Hex(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);
}
