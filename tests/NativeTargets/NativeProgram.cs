using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Backtrace.NativeTargets;

/// <summary>
/// Compiles the test programs under <c>NativePrograms/</c> with gcc or g++ at test time (CONVENTIONS.md rule 17), once
/// per source and flag set per test run, into a private temporary directory.
/// </summary>
public static class NativeProgram
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new();

    /// <summary>Directory holding the build outputs of this test run.</summary>
    public static string OutputDirectory { get; } = CreateOutputDirectory();

    /// <summary>Writes a program source shipped with the tests (an embedded resource) to the output directory and returns its path.</summary>
    public static string SourcePath(string name)
    {
        var path = Path.Combine(OutputDirectory, name);
        lock (Built)
        {
            if (!File.Exists(path))
            {
                using var resource = typeof(NativeProgram).Assembly.GetManifestResourceStream("NativePrograms/" + name)
                    ?? throw new FileNotFoundException($"no test program named {name} under tests/NativeTargets/Programs");
                using var file = File.Create(path);
                resource.CopyTo(file);
            }
        }

        return path;
    }

    /// <summary>Builds <paramref name="source"/> (a file under NativePrograms) with <paramref name="flags"/> and returns the binary's path.</summary>
    public static string Build(string source, params string[] flags)
    {
        var key = source + "\0" + string.Join('\0', flags);
        return Built.GetOrAdd(key, _ => new Lazy<string>(() => Compile(source, flags))).Value;
    }

    private static string Compile(string source, string[] flags)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(' ', flags))))[..12];
        var output = Path.Combine(OutputDirectory, $"{Path.GetFileNameWithoutExtension(source)}-{hash}");
        var compiler = source.EndsWith(".cpp", StringComparison.Ordinal) ? "g++" : "gcc";
        var arguments = new List<string>(flags) { "-o", output, SourcePath(source), "-pthread" };
        ExternalTool.Check(compiler, [.. arguments]);
        return output;
    }

    private static string CreateOutputDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"backtrace-native-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A binary still mapped by a process that outlived the run; /tmp is cleaned eventually.
            }
        };
        return directory;
    }
}
