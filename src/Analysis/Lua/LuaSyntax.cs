using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using KeraLua;

namespace Backtrace.Analysis.Lua;

/// <summary>
/// Compiles a module without running it, so a project rule with a syntax error is refused when it is saved
/// instead of failing on every snapshot at ingest. Compiling runs no script code: a bare Lua state with no
/// libraries, the same text-only mode as <see cref="LuaSandbox"/> (bytecode is refused), and the counting
/// allocator capped at <see cref="MaxMemoryBytes"/>, so hostile source can cost neither time nor memory.
/// </summary>
public static partial class LuaSyntax
{
    /// <summary>Memory the compiler may use; far more than any 64 KiB rule needs.</summary>
    public const long MaxMemoryBytes = 16 * 1024 * 1024;

    [GeneratedRegex(@"^(?<chunk>.*?):(?<line>\d+): (?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex LocatedMessage();

    /// <summary>Null when <paramref name="module"/> compiles; otherwise the compiler's error and line.</summary>
    public static unsafe LuaSyntaxError? Check(LuaModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var allocator = (LuaAllocatorState*)NativeMemory.AllocZeroed((nuint)sizeof(LuaAllocatorState));
        allocator->Limit = MaxMemoryBytes;
        try
        {
            using var lua = new KeraLua.Lua(LuaAllocator.Function, (IntPtr)allocator) { Encoding = Encoding.UTF8 };
            var status = lua.LoadBuffer(module.Source, "@" + module.Name, "t");
            if (status == LuaStatus.OK)
            {
                return null;
            }

            if (status == LuaStatus.ErrMem)
            {
                return new LuaSyntaxError(null, $"compiling the module needs more than {MaxMemoryBytes} bytes");
            }

            var text = lua.ToString(-1, false) ?? "unknown error";
            var located = LocatedMessage().Match(text);
            return located.Success && located.Groups["chunk"].Value == module.Name
                ? new LuaSyntaxError(int.Parse(located.Groups["line"].Value, CultureInfo.InvariantCulture), located.Groups["message"].Value)
                : new LuaSyntaxError(null, text);
        }
        finally
        {
            NativeMemory.Free(allocator);
        }
    }
}
