using System.Diagnostics;

namespace Backtrace.NativeTargets;

/// <summary>
/// A test program that stops itself with <c>raise(SIGSTOP)</c> once it reached the state under test. It is started
/// through a shell so that it is not a child of the test host: the .NET runtime reaps its children's wait statuses,
/// which would race with ptrace. Disposing kills it.
/// </summary>
public sealed class StoppedProcess : IDisposable
{
    private StoppedProcess(int pid) => Pid = pid;

    /// <summary>The program's process id.</summary>
    public int Pid { get; }

    /// <summary>Thread ids of the process, main thread first.</summary>
    public IReadOnlyList<int> ThreadIds()
    {
        var tids = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories($"/proc/{Pid}/task"))
        {
            tids.Add(int.Parse(Path.GetFileName(entry)));
        }

        tids.Sort();
        return tids;
    }

    /// <summary>Starts <paramref name="program"/> and waits until every thread is stopped (state T), up to <paramref name="timeout"/>.</summary>
    public static StoppedProcess Start(string program, IEnumerable<string> arguments, int expectedThreads = 1, TimeSpan? timeout = null)
    {
        var shellArguments = new List<string> { "-c", "\"$0\" \"$@\" </dev/null >/dev/null 2>&1 & echo $!", program };
        shellArguments.AddRange(arguments);
        var pid = int.Parse(ExternalTool.Check("/bin/sh", [.. shellArguments]).Trim());
        var process = new StoppedProcess(pid);
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        while (true)
        {
            var states = process.ThreadStates();
            if (states.Count >= expectedThreads && states.TrueForAll(s => s == 'T'))
            {
                return process;
            }

            if (states.Count == 0 || states.Contains('Z'))
            {
                process.Dispose();
                throw new InvalidOperationException($"{program} exited before it stopped itself");
            }

            if (deadline.Elapsed > limit)
            {
                process.Dispose();
                throw new TimeoutException($"{program} (pid {pid}) did not stop within {limit}: thread states {string.Join(",", states)}, expected {expectedThreads} threads in T");
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>Kills the program.</summary>
    public void Dispose()
    {
        try
        {
            Process.GetProcessById(Pid).Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private List<char> ThreadStates()
    {
        var states = new List<char>();
        try
        {
            foreach (var entry in Directory.EnumerateDirectories($"/proc/{Pid}/task"))
            {
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                states.Add(stat[stat.LastIndexOf(')') + 2]);
            }
        }
        catch (IOException)
        {
            states.Clear();
        }

        return states;
    }
}
