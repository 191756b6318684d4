namespace Backtrace.Demangling;

/// <summary>
/// Demangles Itanium C++ ABI names (GCC, clang) into the text GNU c++filt prints, e.g.
/// <c>_ZNSt6vectorIiSaIiEE9push_backERKi</c> to <c>std::vector&lt;int, std::allocator&lt;int&gt; &gt;::push_back(int const&amp;)</c>.
/// Names that are not mangled, or use a construct this demangler does not handle, come back unchanged.
/// </summary>
public static class ItaniumDemangler
{
    // Longer names are returned raw: nothing legitimate is this long, and parsing cost stays bounded.
    private const int MaxLength = 16 * 1024;

    /// <summary>The demangled form of <paramref name="name"/>, or <paramref name="name"/> itself when it cannot be demangled.</summary>
    public static string Demangle(string name) => TryDemangle(name, out var demangled) ? demangled : name;

    /// <summary>Demangles <paramref name="name"/>; false (and <paramref name="demangled"/> = the name) when it is not a mangled name this demangler understands.</summary>
    public static bool TryDemangle(string name, out string demangled)
    {
        ArgumentNullException.ThrowIfNull(name);
        demangled = name;
        if (name.Length < 3 || !name.StartsWith("_Z", StringComparison.Ordinal) || name.Length > MaxLength)
        {
            return false;
        }

        try
        {
            var parser = new DemangleParser(name, 2);
            var node = parser.ParseMangledName();
            if (!parser.AtEnd)
            {
                return false;
            }

            demangled = new NodePrinter().Print(node);
            return true;
        }
        catch (DemangleException)
        {
            return false;
        }
    }
}
