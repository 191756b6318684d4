using System.Text;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// Demangles the type names C++ RTTI stores (<c>St13runtime_error</c>, <c>N3app5ErrorE</c>, <c>PKc</c>). Covers
/// plain, nested and std:: names, builtin types and pointer/const qualifiers; anything else (templates, for one)
/// is returned mangled, which is still a stable, searchable identity.
/// </summary>
internal static class ItaniumTypeName
{
    public static string Demangle(string mangled)
    {
        var position = 0;
        var result = Type(mangled, ref position);
        return result is not null && position == mangled.Length ? result : mangled;
    }

    /// <summary>True for strings made only of the characters mangled names use.</summary>
    public static bool LooksMangled(string name) =>
        name.Length is > 0 and < 1024 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '.');

    private static string? Type(string s, ref int i)
    {
        if (i >= s.Length)
        {
            return null;
        }

        switch (s[i])
        {
            case 'P':
                i++;
                return Type(s, ref i) is { } pointee ? pointee + "*" : null;
            case 'R':
                i++;
                return Type(s, ref i) is { } referee ? referee + "&" : null;
            case 'K':
                i++;
                return Type(s, ref i) is { } constant ? "const " + constant : null;
            case 'N':
                i++;
                return Nested(s, ref i);
            case 'S' when i + 1 < s.Length && s[i + 1] == 't':
                i += 2;
                return SourceName(s, ref i) is { } std ? "std::" + std : null;
        }

        if (char.IsAsciiDigit(s[i]))
        {
            return SourceName(s, ref i);
        }

        var builtin = s[i] switch
        {
            'v' => "void", 'b' => "bool", 'c' => "char", 'a' => "signed char", 'h' => "unsigned char",
            's' => "short", 't' => "unsigned short", 'i' => "int", 'j' => "unsigned int", 'l' => "long",
            'm' => "unsigned long", 'x' => "long long", 'y' => "unsigned long long", 'f' => "float",
            'd' => "double", 'e' => "long double", 'w' => "wchar_t",
            _ => null,
        };
        if (builtin is not null)
        {
            i++;
        }

        return builtin;
    }

    private static string? Nested(string s, ref int i)
    {
        var parts = new List<string>();
        if (i + 1 < s.Length && s[i] == 'S' && s[i + 1] == 't')
        {
            parts.Add("std");
            i += 2;
        }

        while (i < s.Length && s[i] != 'E')
        {
            if (SourceName(s, ref i) is not { } part)
            {
                return null;
            }

            parts.Add(part);
        }

        if (i >= s.Length || parts.Count == 0)
        {
            return null;
        }

        i++; // 'E'
        return string.Join("::", parts);
    }

    private static string? SourceName(string s, ref int i)
    {
        var length = 0;
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 4)
        {
            length = (length * 10) + (s[i] - '0');
            i++;
        }

        if (i == start || length == 0 || i + length > s.Length)
        {
            return null;
        }

        var name = new StringBuilder(s, i, length, length).ToString();
        i += length;
        return name;
    }
}
