using System.Text;
using System.Text.RegularExpressions;

namespace Backtrace.Deduplication;

/// <summary>
/// Reduces a symbol name to the part that identifies the function across builds, call sites and compilers:
/// <c>void ns::Cache&lt;int&gt;::insert[abi:cxx11](int const&amp;) const [clone .isra.0] + 0x1c</c> becomes
/// <c>ns::Cache::insert</c>. Removes offsets, compiler clone suffixes (<c>.cold</c>, <c>.isra.N</c>,
/// <c>.constprop.N</c>, <c>.part.N</c>, ...), symbol versions (<c>@@GLIBC_2.2.5</c>), glibc's internal
/// <c>__GI_</c> aliases, ABI tags, template arguments, parameter lists with their qualifiers, return types and
/// Rust's legacy hash suffix. Lambdas keep their number (<c>{lambda#1}</c>) because two lambdas of one function are
/// different code.
/// </summary>
public static partial class FunctionNameNormalizer
{
    /// <summary>Longest name considered; longer input is cut first so that hostile names cost bounded time.</summary>
    public const int MaxInputLength = 4096;

    /// <summary>Normalizes one function name. Returns the empty string for a name that is empty or only noise.</summary>
    public static string Normalize(string name)
    {
        var text = name.Length > MaxInputLength ? name[..MaxInputLength] : name;
        text = text.Trim();
        text = OffsetSuffix().Replace(text, "");
        text = CloneAnnotation().Replace(text, "");
        text = SymbolVersion().Replace(text, "");
        text = AbiTag().Replace(text, "");
        text = StripStructure(text);
        text = CloneSuffix().Replace(text, "");
        text = RustHash().Replace(text, "");
        if (text.StartsWith("__GI_", StringComparison.Ordinal))
        {
            text = text["__GI_".Length..];
        }

        text = CpuDispatchedVariant().Replace(text, "$1");
        return LibcAliases.GetValueOrDefault(text, text).Trim();
    }

    /// <summary>glibc's internal names of its public allocator entry points: debug info says
    /// <c>__libc_free</c> where the dynamic symbol table says <c>free</c>.</summary>
    private static readonly Dictionary<string, string> LibcAliases = new(StringComparer.Ordinal)
    {
        ["__libc_free"] = "free",
        ["__libc_malloc"] = "malloc",
        ["__libc_calloc"] = "calloc",
        ["__libc_realloc"] = "realloc",
        ["__libc_memalign"] = "memalign",
        ["__libc_valloc"] = "valloc",
        ["__libc_pvalloc"] = "pvalloc",
    };

    /// <summary>
    /// Drops template arguments, parameter lists (with what follows the final one: <c>const</c>, <c>&amp;&amp;</c>,
    /// <c>noexcept</c>) and return types, keeping <c>operator</c> tokens, <c>(anonymous namespace)</c> and lambda
    /// names. A single left-to-right pass with explicit nesting counts, so unbalanced input cannot loop.
    /// </summary>
    private static string StripStructure(string text)
    {
        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (StartsWithWord(text, i, "operator"))
            {
                i = CopyOperator(text, i, output);
                continue;
            }

            switch (c)
            {
                case '<' when string.CompareOrdinal(text, i, "<anonymous>", 0, 11) == 0:
                    // JavaScript's anonymous functions (Object.<anonymous>) are a name, not template arguments.
                    output.Append("<anonymous>");
                    i += 11;
                    break;
                case '<':
                    i = SkipBalanced(text, i, '<', '>');
                    break;
                case '(' when string.CompareOrdinal(text, i, "(anonymous namespace)", 0, 21) == 0:
                    output.Append("(anonymous namespace)");
                    i += 21;
                    break;
                case '(':
                    i = SkipBalanced(text, i, '(', ')');
                    if (string.CompareOrdinal(text, i, "::", 0, 2) != 0)
                    {
                        // The final parameter list: what follows is cv/ref qualifiers or noexcept.
                        return output.ToString();
                    }

                    break;
                case '{':
                    i = CopyBraced(text, i, output);
                    break;
                case ' ':
                    // A space before a bracket only separates ("operator<< <char>", "f (int)"). Any other space
                    // outside brackets separates a return type from the name: keep only what follows.
                    if (!NextIsBracket(text, i))
                    {
                        output.Clear();
                    }

                    i++;
                    break;
                default:
                    output.Append(c);
                    i++;
                    break;
            }
        }

        return output.ToString();
    }

    /// <summary>Copies <c>operator</c> and its operator token (<c>()</c>, <c>&lt;&lt;=</c>, <c>new[]</c>, <c>bool</c>, ...).</summary>
    private static int CopyOperator(string text, int start, StringBuilder output)
    {
        var i = start + "operator".Length;
        output.Append("operator");
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
        {
            // operator new / delete / a conversion operator: the word (and [] for new[] / delete[]).
            output.Append(' ');
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_' || text[i] == ':'))
            {
                output.Append(text[i++]);
            }

            if (string.CompareOrdinal(text, i, "[]", 0, 2) == 0)
            {
                output.Append("[]");
                i += 2;
            }

            return i;
        }

        if (string.CompareOrdinal(text, i, "()", 0, 2) == 0 || string.CompareOrdinal(text, i, "[]", 0, 2) == 0)
        {
            output.Append(text, i, 2);
            return i + 2;
        }

        // Symbolic operators: a run of at most three operator characters (<<=, ->*, <=>). Demanglers put a
        // space between an operator ending in '<' and a template list ("operator< <int>"), so the run stops there.
        var tokenStart = i;
        while (i < text.Length && "+-*/%^&|~!=<>,".Contains(text[i]) && i - tokenStart < 3)
        {
            i++;
        }

        output.Append(text, tokenStart, i - tokenStart);
        return i;
    }

    /// <summary>Copies a lambda or unnamed type name (<c>{lambda(int)#1}</c> → <c>{lambda#1}</c>) without its parameters.</summary>
    private static int CopyBraced(string text, int start, StringBuilder output)
    {
        var i = start;
        var depth = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '(' || c == '<')
            {
                i = SkipBalanced(text, i, c, c == '(' ? ')' : '>');
                continue;
            }

            output.Append(c);
            i++;
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                break;
            }
        }

        return i;
    }

    /// <summary>Returns the index after the bracket that closes the one at <paramref name="start"/> (or the end).</summary>
    private static int SkipBalanced(string text, int start, char open, char close)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == open)
            {
                depth++;
            }
            else if (text[i] == close && --depth == 0)
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    private static bool NextIsBracket(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i == text.Length || text[i] is '<' or '(' or '[';
    }

    private static bool StartsWithWord(string text, int i, string word) =>
        string.CompareOrdinal(text, i, word, 0, word.Length) == 0
        && (i == 0 || !IsIdentifierChar(text[i - 1]))
        && (i + word.Length == text.Length || !IsIdentifierChar(text[i + word.Length]));

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary><c>+ 0x1c</c>, <c>+0x1c</c>, <c>+28</c> at the end.</summary>
    [GeneratedRegex(@"\s*\+\s*(?:0[xX][0-9a-fA-F]+|[0-9]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetSuffix();

    /// <summary>The demangler's <c>[clone .isra.0]</c> annotations.</summary>
    [GeneratedRegex(@"\s*\[clone [^\]]*\]", RegexOptions.CultureInvariant)]
    private static partial Regex CloneAnnotation();

    /// <summary>GCC/LLVM clone suffixes on raw (C or undemangled) names: <c>.cold</c>, <c>.isra.0</c>, <c>.constprop.0.isra.0</c>.</summary>
    [GeneratedRegex(@"(?:\.cold(?:\.[0-9]+)?|\.(?:isra|constprop|part|lto_priv|llvm|clone|localalias|specialized)\.[0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex CloneSuffix();

    /// <summary>ELF symbol versions and PLT markers: <c>memcpy@@GLIBC_2.14</c>, <c>free@plt</c>.</summary>
    [GeneratedRegex(@"@{1,2}[A-Za-z0-9_.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SymbolVersion();

    /// <summary>String and memory functions that glibc picks per CPU at load time: <c>__memmove_avx_unaligned_erms</c>,
    /// <c>__strlen_evex</c>, <c>__memcpy_sse2_unaligned</c> are all the function before the CPU feature.</summary>
    [GeneratedRegex(@"^__((?:mem|str|stp|wmem|wcs|raw)[a-z]*?)_(?:avx|avx2|avx512|evex|evex512|sse2|sse4|ssse3|erms|sse42)(?:_[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex CpuDispatchedVariant();

    /// <summary>C++ ABI tags: <c>[abi:cxx11]</c>.</summary>
    [GeneratedRegex(@"\[abi:[^\]]*\]", RegexOptions.CultureInvariant)]
    private static partial Regex AbiTag();

    /// <summary>Rust legacy mangling's hash: <c>::h0123456789abcdef</c>.</summary>
    [GeneratedRegex(@"::h[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex RustHash();
}
