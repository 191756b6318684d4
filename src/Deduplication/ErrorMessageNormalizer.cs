using System.Text.RegularExpressions;

namespace Backtrace.Deduplication;

/// <summary>
/// Reduces an error message to its shape, so that the same error about different values groups together:
/// uuids, hex numbers and decimal numbers become placeholders, whitespace collapses, and the result is cut
/// to <see cref="MaxLength"/> characters. <c>read of 8 bytes at 0x7ffd3a10 failed</c> becomes
/// <c>read of &lt;n&gt; bytes at &lt;hex&gt; failed</c>.
/// </summary>
public static partial class ErrorMessageNormalizer
{
    /// <summary>Longest normalized message.</summary>
    public const int MaxLength = 512;

    /// <summary>Normalizes a message.</summary>
    public static string Normalize(string message)
    {
        // Bound the work on hostile input before the regexes run.
        var text = message.Length > MaxLength * 8 ? message[..(MaxLength * 8)] : message;
        text = Uuid().Replace(text, "<uuid>");
        text = HexNumber().Replace(text, "<hex>");
        text = DecimalNumber().Replace(text, "<n>");
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length > MaxLength ? text[..MaxLength] : text;
    }

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    /// <summary><c>0x</c>-prefixed numbers, and bare hex runs of 8 or more digits with at least one letter or digit mix (addresses, hashes).</summary>
    [GeneratedRegex(@"\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{8,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex HexNumber();

    [GeneratedRegex(@"[-+]?\b[0-9]+(?:\.[0-9]+)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalNumber();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
