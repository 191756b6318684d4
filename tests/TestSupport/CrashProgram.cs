using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Backtrace.TestSupport;

/// <summary>
/// A C or C++ test program compiled with gcc/g++ during the test run, cached by a hash of its source and
/// flags so parallel test assemblies share one build. Sources are embedded resources of this assembly.
/// </summary>
public sealed class CrashProgram
{
    /// <summary>Where built programs are cached.</summary>
    public static readonly string CacheDirectory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "backtrace-test-programs");

    private CrashProgram(string path, string flags)
    {
        Path = path;
        Flags = flags;
    }

    /// <summary>The executable.</summary>
    public string Path { get; }

    /// <summary>Compiler flags it was built with.</summary>
    public string Flags { get; }

    /// <summary>The source file it was built from (beside the executable, where the debug info points).</summary>
    public string SourcePath => File.Exists(Path + ".c") ? Path + ".c" : Path + ".cpp";

    /// <summary>
    /// The 1-based line of the source that first contains <paramref name="marker"/>, so tests expecting a source
    /// line follow edits of the program instead of hard-coding numbers.
    /// </summary>
    public int LineOf(string marker)
    {
        var lines = File.ReadAllLines(SourcePath);
        var index = Array.FindIndex(lines, line => line.Contains(marker, StringComparison.Ordinal));
        return index >= 0 ? index + 1 : throw new InvalidOperationException($"{SourcePath} has no line containing '{marker}'");
    }

    /// <summary>-O2 with frame pointers kept.</summary>
    public const string WithFramePointers = "-O2 -g -fno-omit-frame-pointer -pthread";

    /// <summary>-O2 without frame pointers: unwinding needs CFI.</summary>
    public const string WithoutFramePointers = "-O2 -g -fomit-frame-pointer -pthread";

    /// <summary>Builds (or finds in the cache) the embedded program <paramref name="source"/> (e.g. <c>crashy.c</c>).</summary>
    public static CrashProgram Build(string source, string flags = WithoutFramePointers)
    {
        var text = ReadSource(source);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + flags + "\n" + text)))[..16];
        var directory = System.IO.Path.Combine(CacheDirectory, hash);
        var executable = System.IO.Path.Combine(directory, System.IO.Path.GetFileNameWithoutExtension(source));
        if (File.Exists(executable))
        {
            return new CrashProgram(executable, flags);
        }

        Directory.CreateDirectory(directory);
        var sourceFile = System.IO.Path.Combine(directory, source);
        File.WriteAllText(sourceFile, text);
        var temporary = executable + $".{Environment.ProcessId}.tmp";
        var compiler = source.EndsWith(".cpp", StringComparison.Ordinal) ? "g++" : "gcc";
        var result = ProcessRunner.Run(compiler, $"{flags} -o {temporary} {sourceFile}", TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{compiler} {flags} {source} failed ({result.ExitCode}): {result.StandardError}");
        }

        // Rename is atomic: a parallel build of the same program loses the race harmlessly.
        File.Move(temporary, executable, overwrite: true);
        return new CrashProgram(executable, flags);
    }

    /// <summary>Starts the program and waits until it prints "ready" (every thread in place).</summary>
    public RunningProgram Start(params string[] arguments) => RunningProgram.Start(Path, arguments);

    /// <summary>Starts the program and waits for "ready", then until every thread but <paramref name="busyThreads"/> is parked.</summary>
    public RunningProgram Start(int busyThreads, params string[] arguments) => RunningProgram.Start(Path, arguments, busyThreads: busyThreads);

    /// <summary>Starts the program with extra environment variables and waits for "ready".</summary>
    public RunningProgram Start(IDictionary<string, string> environment, params string[] arguments) => RunningProgram.Start(Path, arguments, environment);

    private static string ReadSource(string name)
    {
        using var stream = typeof(CrashProgram).Assembly.GetManifestResourceStream(name)
            ?? throw new ArgumentException($"no embedded test program named {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
