using System.Diagnostics;
using Backtrace.Capture.Linux.Native;
using Backtrace.Capture.Linux.ProcFs;
using Backtrace.Capture.Model;

namespace Backtrace.Capture.Linux.Live;

/// <summary>
/// Captures a running process: freezes every thread, copies registers, the memory map and the memory
/// the snapshot and the unwinder need, releases the process, and only then builds the
/// <see cref="CapturedProcess"/>. Everything between the first PTRACE_SEIZE and the last PTRACE_DETACH
/// works on preallocated arrays so the stop stays short; /proc facts are read before the stop.
/// Must run on one OS thread from start to end (ptrace tracer identity is a thread).
/// </summary>
internal sealed class LinuxLiveCapture(int pid, CaptureOptions options, IReadOnlyList<(ulong Start, ulong End)> extraRanges)
{
    public CapturedProcess Capture()
    {
        CheckTarget();
        var captured = new CapturedProcess { Source = "live", Pid = pid };

        // Before the stop: everything that allocates or is slow.
        captured.Process.Pid = pid;
        captured.Environment = ProcessFacts.Read(pid, captured.Process, options.Scrubber, captured.Warnings);
        captured.Host = SystemFacts.ReadHost();
        SystemFacts.Read(captured.Environment.System);
        captured.Auxv.AddRange(ProcessFacts.ReadAuxv(pid));
        var facts = ReadThreadFacts();
        var stop = new StopPhase(pid, options, facts.Count, extraRanges);

        stop.Run();

        captured.StopMicroseconds = stop.StopNanoseconds / 1000;
        stop.Describe(captured, facts);
        if (captured.Threads.Count == 0)
        {
            throw stop.SeizeError == LibC.Eperm && !HasExited()
                ? new CaptureException(CaptureFailure.PermissionDenied, PermissionMessage())
                : new CaptureException(CaptureFailure.ProcessExited, $"process {pid} exited during the capture");
        }

        return captured;
    }

    private void CheckTarget()
    {
        if (pid <= 0)
        {
            throw new CaptureException(CaptureFailure.NotFound, $"{pid} is not a process id");
        }

        if (pid == Environment.ProcessId)
        {
            throw new CaptureException(CaptureFailure.InvalidInput, "the agent cannot capture its own process");
        }

        if (!Directory.Exists($"/proc/{pid}"))
        {
            throw new CaptureException(CaptureFailure.NotFound, $"no process with pid {pid}");
        }

        var status = ProcText.KeyValues(ProcFile.ReadText($"/proc/{pid}/status"));
        if (status.GetValueOrDefault("Tgid") is { } tgid && tgid != pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new CaptureException(CaptureFailure.InvalidInput, $"{pid} is a thread of process {tgid}; capture the process");
        }

        if (status.GetValueOrDefault("TracerPid") is { } tracer && tracer != "0")
        {
            throw new CaptureException(CaptureFailure.PermissionDenied, $"process {pid} is already traced by process {tracer} (a debugger?)");
        }
    }

    /// <summary>ptrace refuses a dying process with EPERM too: tell that apart from a real permission problem.</summary>
    private bool HasExited()
    {
        var fields = ProcText.StatFieldsAfterComm(ProcFile.ReadText($"/proc/{pid}/stat"));
        return fields.Length == 0 || fields[0] is "Z" or "X" or "x";
    }

    private string PermissionMessage() =>
        $"not permitted to trace process {pid}: the agent needs the same user id as the target and a dumpable target, or CAP_SYS_PTRACE (run as root)";

    private Dictionary<int, ThreadFacts> ReadThreadFacts()
    {
        var facts = new Dictionary<int, ThreadFacts>();
        try
        {
            foreach (var directory in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (int.TryParse(Path.GetFileName(directory), out var tid))
                {
                    facts[tid] = ThreadFacts.Read(pid, tid);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process is going away; the stop phase will say so precisely.
        }

        return facts;
    }
}
