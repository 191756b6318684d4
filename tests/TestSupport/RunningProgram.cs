using System.Diagnostics;

namespace Backtrace.TestSupport;

/// <summary>
/// A started test program; killed on dispose. It is started by a shell that exits at once, so it is not a
/// child of the test process: .NET reaps its own children from a SIGCHLD handler with waitpid, which would
/// swallow the ptrace stops the capture waits for (a tracer shares wait notifications with its thread
/// group). The agent never traces its own children in production either.
/// </summary>
public sealed class RunningProgram : IDisposable
{
    private readonly Process _shell;

    private RunningProgram(Process shell, int pid)
    {
        _shell = shell;
        Pid = pid;
    }

    public int Pid { get; }

    /// <summary>
    /// Starts <paramref name="path"/> and waits (up to 30 s) for its "ready" line, then until every thread but
    /// <paramref name="busyThreads"/> (threads that never block) is parked.
    /// </summary>
    public static RunningProgram Start(string path, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, int busyThreads = 0)
    {
        var program = Launch(path, arguments, environment);
        var line = program._shell.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result != "ready")
        {
            program.Dispose();
            throw new InvalidOperationException($"{path} did not print 'ready' within 30 s (got '{(line.IsCompleted ? line.Result : "nothing")}')");
        }

        program.WaitUntilSettled(busyThreads);
        return program;
    }

    /// <summary>Starts <paramref name="path"/> without waiting for anything.</summary>
    public static RunningProgram Launch(string path, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("\"$0\" \"$@\" & echo $! >&2");
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var shell = Process.Start(start)!;
        var pid = int.Parse(shell.StandardError.ReadLine() ?? throw new InvalidOperationException("the launching shell printed no pid"));
        return new RunningProgram(shell, pid);
    }

    /// <summary>
    /// Waits until every thread but <paramref name="busyThreads"/> sleeps in pause(): after "ready" the printing
    /// thread still has to reach it, and after eu-stack or a capture released them, threads pass through a restart
    /// of the call. Comparing stacks with eu-stack needs threads that no longer move.
    /// </summary>
    public void WaitUntilSettled(int busyThreads = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            int threads = 0, parked = 0;
            foreach (var task in Directory.GetDirectories($"/proc/{Pid}/task"))
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..][0];
                var syscall = File.ReadAllText(Path.Combine(task, "syscall")).Split(' ')[0];
                // 34 is pause(), where every test program parks its threads for good.
                threads++;
                parked += state == 'S' && syscall == "34" ? 1 : 0;
            }

            if (parked >= threads - busyThreads)
            {
                return;
            }

            Thread.Sleep(5);
        }

        throw new TimeoutException($"process {Pid} did not settle (every thread but {busyThreads} asleep in pause) within 30 s");
    }

    /// <summary>Threads that are not parked in pause() right now (running, or blocked elsewhere).</summary>
    public List<long> ThreadsNotParked()
    {
        var busy = new List<long>();
        foreach (var task in Directory.GetDirectories($"/proc/{Pid}/task"))
        {
            if (File.ReadAllText(Path.Combine(task, "syscall")).Split(' ')[0] != "34")
            {
                busy.Add(long.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return busy;
    }

    public void Dispose()
    {
        try
        {
            Process.GetProcessById(Pid).Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }

        _shell.Dispose();
    }
}
