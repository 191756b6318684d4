using System.Diagnostics;

namespace Backtrace.Analysis.Tests.CrashPrograms;

/// <summary>
/// Builds the crash programs with gcc/g++ once per test run, into a temporary directory. The C program is
/// built hardened as a distribution would (-O2, _FORTIFY_SOURCE=2, stack protector) so fortify and
/// stack-smashing modes trip glibc's checks; a second build links jemalloc (Debian libjemalloc-dev).
/// </summary>
public sealed class CrashProgramBuild : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bt-analysis-crash-").FullName;

    public CrashProgramBuild()
    {
        var sources = Path.Combine(AppContext.BaseDirectory, "CrashPrograms");
        C = Path.Combine(_directory, "crash");
        Cxx = Path.Combine(_directory, "crash_cxx");
        Compile("gcc", $"-O2 -g -pthread -fstack-protector-strong -D_FORTIFY_SOURCE=2 -o {C} {Path.Combine(sources, "crash.c")}");
        Compile("g++", $"-O2 -g -o {Cxx} {Path.Combine(sources, "crash_cxx.cpp")}");
        Jemalloc = Path.Combine(_directory, "crash_jemalloc");
        Compile("gcc", $"-O2 -g -pthread -o {Jemalloc} {Path.Combine(sources, "crash.c")} -ljemalloc");
    }

    /// <summary>The C crash program linked against jemalloc.</summary>
    public string Jemalloc { get; }

    /// <summary>Path of the C crash program (<c>crash MODE</c>).</summary>
    public string C { get; }

    /// <summary>Path of the C++ crash program (<c>crash_cxx [derived]</c>).</summary>
    public string Cxx { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void Compile(string compiler, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(compiler, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException($"could not start {compiler}");
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException($"{compiler} {arguments} did not finish in 2 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{compiler} {arguments} failed ({process.ExitCode}): {errors.Result}");
        }
    }
}
