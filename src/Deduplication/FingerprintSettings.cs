namespace Backtrace.Deduplication;

/// <summary>A project's fingerprint settings, compiled.</summary>
/// <param name="FrameCount">How many meaningful frames form the fingerprint (1 or more).</param>
/// <param name="Rules">The project's rules, in order.</param>
public sealed record FingerprintSettings(int FrameCount, IReadOnlyList<FrameRule> Rules)
{
    /// <summary>Five frames and no rules.</summary>
    public static FingerprintSettings Default { get; } = new(5, []);
}
