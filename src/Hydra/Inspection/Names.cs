namespace Backtrace.Hydra.Inspection;

/// <summary>Short display forms of names found in snapshots.</summary>
public static class Names
{
    /// <summary>The last component of a path (<c>/usr/lib/libc.so.6</c> → <c>libc.so.6</c>); pseudo-names stay whole.</summary>
    public static string FileName(string path)
    {
        if (path.StartsWith('['))
        {
            return path;
        }

        var slash = path.LastIndexOf('/');
        return slash >= 0 && slash < path.Length - 1 ? path[(slash + 1)..] : path;
    }

    /// <summary>Replaces control characters so that untrusted text cannot move the cursor or change colours.</summary>
    public static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        return string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
