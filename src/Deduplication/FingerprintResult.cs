namespace Backtrace.Deduplication;

/// <summary>A computed fingerprint and what it was computed from.</summary>
/// <param name="Fingerprint">64 lower-case hex characters (SHA-256).</param>
/// <param name="Version">Algorithm version; 0 for <see cref="FingerprintBasis.Override"/>.</param>
/// <param name="Basis">Which input decided the group.</param>
/// <param name="Signature">The lines that were hashed: normalized frames innermost first, or the error or signal lines.</param>
public sealed record FingerprintResult(string Fingerprint, int Version, FingerprintBasis Basis, IReadOnlyList<string> Signature);
