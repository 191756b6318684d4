using System.Diagnostics;

namespace Backtrace.TestSupport;

/// <summary>
/// Crashes a program and returns the core the kernel wrote: under <see cref="CorePatternLock"/>, points
/// core_pattern at a private directory, runs the program with RLIMIT_CORE unlimited, waits for it to die
/// and for the core, then restores core_pattern.
/// </summary>
public static class KernelCore
{
    /// <summary>A core produced by a crash, with the pid of the process that dumped it.</summary>
    public sealed record Core(string Path, int Pid, string Executable, string StandardOutput);

    /// <summary>Runs <paramref name="executable"/> until it crashes; the core lands in <paramref name="directory"/>.</summary>
    public static Core Produce(string executable, string directory, params string[] arguments)
    {
        Directory.CreateDirectory(directory);
        using var patternLock = CorePatternLock.Acquire(TimeSpan.FromMinutes(3));
        patternLock.Set(Path.Combine(directory, "core.%p"));

        // The shell raises the soft limit (the hard limit is unlimited for root) and execs the program.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("ulimit -c unlimited && exec \"$0\" \"$@\"");
        start.ArgumentList.Add(executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not crash within 60 s");
        }

        // The kernel finishes writing a file core before the parent can reap the child.
        var core = Path.Combine(directory, $"core.{process.Id}");
        if (!File.Exists(core))
        {
            throw new InvalidOperationException($"{executable} exited with {process.ExitCode} but left no core at {core}");
        }

        return new Core(core, process.Id, executable, output);
    }
}
