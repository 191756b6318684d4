namespace Backtrace.Snapshots.Validation;

/// <summary>
/// The rule for a fingerprint override (<c>$.fingerprint</c>): it names a fault group in URLs and
/// storage keys, so it is 1 to 128 characters of <c>[0-9A-Za-z._-]</c>. Computed fingerprints are
/// 64 lower-case hex digits (a SHA-256), which satisfy the rule.
/// </summary>
public static class FingerprintOverride
{
    /// <summary>Longest accepted override.</summary>
    public const int MaxLength = 128;

    /// <summary>Why <paramref name="fingerprint"/> cannot be an override, or null when it can.</summary>
    public static string? Problem(string fingerprint)
    {
        if (fingerprint.Length is 0 or > MaxLength)
        {
            return $"a fingerprint override must be 1 to {MaxLength} characters long, not {fingerprint.Length}";
        }

        foreach (var c in fingerprint)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return "a fingerprint override may contain only letters, digits, '.', '_' and '-'";
            }
        }

        return null;
    }
}
