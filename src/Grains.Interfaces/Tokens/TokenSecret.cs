using System.Security.Cryptography;
using System.Text;

namespace Backtrace.Grains.Tokens;

/// <summary>
/// Token secrets and their hashes. Only the SHA-256 of a secret is ever stored or used as a key
/// (<see cref="ITokenGrain"/> is keyed by it), so a leaked database reveals no usable token.
/// </summary>
public static class TokenSecret
{
    /// <summary>Shortest accepted secret: 16 characters.</summary>
    public const int MinLength = 16;

    /// <summary>Longest accepted secret: 128 characters.</summary>
    public const int MaxLength = 128;

    /// <summary>A new random secret: 64 lower-case hex characters (256 bits), safe in URLs and headers.</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key of the secret's <see cref="ITokenGrain"/>: lower-case hex SHA-256 of its UTF-8 bytes.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>True when <paramref name="secret"/> has an acceptable shape: <see cref="MinLength"/> to
    /// <see cref="MaxLength"/> characters of <c>A-Z a-z 0-9 - _ .</c> (what fits a URL query unescaped).</summary>
    public static bool IsWellFormed(string? secret)
    {
        if (secret is null || secret.Length is < MinLength or > MaxLength)
        {
            return false;
        }

        foreach (var c in secret)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
