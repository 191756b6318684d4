using System.Diagnostics.CodeAnalysis;

namespace Backtrace.Grains;

/// <summary>
/// The rules for project names. A project name is a grain key, a URL path segment and a directory name,
/// so it is restricted to 1-64 characters of <c>a-z</c>, <c>0-9</c>, <c>-</c>, <c>_</c> and <c>.</c>, starting
/// with a letter or digit (which also keeps <c>.</c> and <c>..</c> out).
/// </summary>
public static class ProjectName
{
    /// <summary>Longest accepted project name.</summary>
    public const int MaxLength = 64;

    /// <summary>True when <paramref name="name"/> is a valid project name; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool IsValid(string? name, [NotNullWhen(false)] out string? reason)
    {
        if (string.IsNullOrEmpty(name))
        {
            reason = "a project name must not be empty";
            return false;
        }

        if (name.Length > MaxLength)
        {
            reason = $"a project name is at most {MaxLength} characters, not {name.Length}";
            return false;
        }

        if (!IsLetterOrDigit(name[0]))
        {
            reason = $"a project name starts with a lower-case letter or a digit, not '{name[0]}'";
            return false;
        }

        foreach (var c in name)
        {
            if (!IsLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                reason = $"a project name holds only a-z, 0-9, '-', '_' and '.', not '{c}'";
                return false;
            }
        }

        reason = null;
        return true;
    }

    /// <summary>Throws <see cref="InvalidRequestException"/> unless <paramref name="name"/> is a valid project name.</summary>
    public static void Validate(string? name)
    {
        if (!IsValid(name, out var reason))
        {
            throw new InvalidRequestException("project", reason);
        }
    }

    private static bool IsLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
