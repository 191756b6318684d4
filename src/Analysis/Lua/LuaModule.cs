using System.Text;

namespace Backtrace.Analysis.Lua;

/// <summary>The source of one Lua analysis module, with a name for its annotations (<c>lua/NAME</c>).</summary>
public sealed class LuaModule
{
    private LuaModule(string name, byte[] source, string origin)
    {
        Name = name;
        Source = source;
        Origin = origin;
    }

    /// <summary>Module name: the file name without <c>.lua</c>, or the name a project gave its rule.</summary>
    public string Name { get; }

    /// <summary>UTF-8 Lua source. Precompiled bytecode is refused when the module loads.</summary>
    public byte[] Source { get; }

    /// <summary>Where it came from (a path, or <c>project rule</c>), for error messages.</summary>
    public string Origin { get; }

    /// <summary>A module from source text (a project's server-side rule).</summary>
    public static LuaModule FromSource(string name, string source, string origin = "project rule")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(source);
        return new LuaModule(name, Encoding.UTF8.GetBytes(source), origin);
    }

    /// <summary>A module from a <c>.lua</c> file (<c>backtrace-agent --module FILE</c>).</summary>
    /// <exception cref="LuaModuleException">The file is missing, unreadable or larger than <paramref name="maxBytes"/>.</exception>
    public static LuaModule FromFile(string path, int maxBytes = 1024 * 1024)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new LuaModuleException($"Lua module {path}: file not found");
            }

            if (info.Length > maxBytes)
            {
                throw new LuaModuleException($"Lua module {path}: {info.Length} bytes is larger than the {maxBytes}-byte limit");
            }

            return new LuaModule(Path.GetFileNameWithoutExtension(path), File.ReadAllBytes(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LuaModuleException($"Lua module {path}: {e.Message}", e);
        }
    }

    /// <summary>Every <c>*.lua</c> file of a directory, in ordinal name order (the agent's module directory).</summary>
    /// <exception cref="LuaModuleException">The directory is missing or a module in it cannot be read.</exception>
    public static IReadOnlyList<LuaModule> FromDirectory(string directory, int maxBytes = 1024 * 1024)
    {
        if (!Directory.Exists(directory))
        {
            throw new LuaModuleException($"Lua module directory {directory}: not found");
        }

        return Directory.EnumerateFiles(directory, "*.lua")
            .Order(StringComparer.Ordinal)
            .Select(path => FromFile(path, maxBytes))
            .ToList();
    }
}
