using Backtrace.TestSupport;

namespace Backtrace.Capture.Tests.Linux;

/// <summary>One kernel core of crashy (4 threads, SIGSEGV in the main thread), made once per test run.</summary>
public sealed class CrashCores : IDisposable
{
    public CrashCores()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"backtrace-capture-tests-{Environment.ProcessId}");
        Program = CrashProgram.Build("crashy.c");
        Segv = KernelCore.Produce(Program.Path, Directory, "crash", "4");
    }

    public string Directory { get; }

    public CrashProgram Program { get; }

    public KernelCore.Core Segv { get; }

    /// <summary>A copy of the core with <paramref name="patch"/> applied, for hostile-input tests.</summary>
    public string Variant(string name, Func<byte[], byte[]> patch)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, patch(File.ReadAllBytes(Segv.Path)));
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
