using System.Diagnostics.CodeAnalysis;
using Backtrace.Grains;

namespace Backtrace.Storage.Attachments;

/// <summary>
/// The rules for attachment names, which come from submitters (a multipart part's name or file name) and end
/// up in storage keys and download URLs: 1 to <see cref="MaxLength"/> characters, no control characters, no
/// <c>/</c> or <c>\</c>, not <c>.</c> or <c>..</c>. Any other character is allowed (log file names carry spaces,
/// brackets and non-ASCII letters); stores encode names before they use them as keys.
/// </summary>
public static class AttachmentName
{
    /// <summary>Longest accepted name, in UTF-16 characters.</summary>
    public const int MaxLength = 100;

    /// <summary>Media type of an attachment sent without one.</summary>
    public const string DefaultContentType = "application/octet-stream";

    /// <summary>True when <paramref name="name"/> is a valid attachment name; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool IsValid([NotNullWhen(true)] string? name, [NotNullWhen(false)] out string? reason)
    {
        reason = name switch
        {
            null or "" => "an attachment name must not be empty",
            { Length: > MaxLength } => $"an attachment name is at most {MaxLength} characters, not {name.Length}",
            "." or ".." => $"'{name}' is not an attachment name",
            _ when name.Any(char.IsControl) || !IsWellFormedUtf16(name) => "an attachment name holds no control characters or unpaired surrogates",
            _ when name.IndexOfAny(['/', '\\']) >= 0 => $"an attachment name holds no '/' or '\\', as in '{name}'",
            _ => null,
        };
        return reason is null;
    }

    /// <summary>Throws <see cref="InvalidRequestException"/> unless <paramref name="name"/> is a valid attachment name.</summary>
    public static void Validate(string? name)
    {
        if (!IsValid(name, out var reason))
        {
            throw new InvalidRequestException("attachment", reason);
        }
    }

    // A lone surrogate cannot be encoded to UTF-8, which every store and URL needs.
    private static bool IsWellFormedUtf16(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(name[i]))
            {
                return false;
            }
        }

        return true;
    }
}
