using System.Text;

namespace Backtrace.Snapshots.Validation;

/// <summary>Builds JSON paths in the notation System.Text.Json uses: <c>$.threads[0].name</c>, <c>$.attributes['a b']</c>.</summary>
public static class JsonPath
{
    /// <summary>The document root.</summary>
    public const string Root = "$";

    /// <summary>Longest property name quoted in full; longer (hostile) names are cut so messages stay readable.</summary>
    private const int MaxNameInPath = 80;

    /// <summary>The path of property <paramref name="name"/> of the object at <paramref name="parent"/>.</summary>
    public static string Property(string parent, string name)
    {
        if (name.Length > MaxNameInPath)
        {
            name = name[..MaxNameInPath] + "...";
        }

        return IsPlain(name) ? $"{parent}.{name}" : $"{parent}['{Escape(name)}']";
    }

    /// <summary>The path of element <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    public static string Index(string parent, int index) => $"{parent}[{index}]";

    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static string Escape(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            _ = c switch
            {
                '\'' => text.Append("\\'"),
                '\\' => text.Append("\\\\"),
                _ when char.IsControl(c) => text.Append($"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }

        return text.ToString();
    }
}
