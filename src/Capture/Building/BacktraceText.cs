using System.Text;
using Backtrace.Snapshots.Model;

namespace Backtrace.Capture.Building;

/// <summary>A readable backtrace of every thread, in the spirit of gdb's <c>thread apply all bt</c>.</summary>
public static class BacktraceText
{
    public static string Format(Snapshot snapshot)
    {
        var text = new StringBuilder();
        var process = snapshot.Process;
        text.Append(CultureInfo, $"Process {process?.Pid} ({process?.Name ?? "?"})");
        if (process?.Executable is { } executable)
        {
            text.Append(CultureInfo, $" {executable}");
        }

        text.AppendLine();
        if (snapshot.Fault is { } fault)
        {
            text.Append(CultureInfo, $"Fault: {fault.SignalName} ({fault.Signal}) {fault.CodeName ?? fault.Code.ToString(CultureInfo)}");
            if (fault.Address is { } address)
            {
                text.Append(CultureInfo, $" at 0x{address:x}");
            }

            if (fault.SenderPid is { } sender)
            {
                text.Append(CultureInfo, $" sent by pid {sender}");
            }

            text.AppendLine(fault.ThreadId is { } tid ? $" in thread {tid}" : "");
        }

        if (snapshot.Capture?.StopMicroseconds is { } stopped)
        {
            text.AppendLine(CultureInfo, $"Target stopped for {stopped / 1000.0:0.000} ms");
        }

        for (var t = snapshot.Threads.Count - 1; t >= 0; t--)
        {
            var thread = snapshot.Threads[t];
            text.AppendLine();
            text.AppendLine(CultureInfo, $"Thread {t + 1} (LWP {thread.Tid}{(thread.Name is null ? "" : " \"" + thread.Name + "\"")}){(thread.Faulted ? " <- faulted" : "")}:");
            for (var f = 0; f < thread.Frames.Count; f++)
            {
                AppendFrame(text, f, thread.Frames[f]);
            }
        }

        foreach (var warning in snapshot.Capture?.Warnings ?? [])
        {
            text.AppendLine(CultureInfo, $"warning: {warning}");
        }

        return text.ToString();
    }

    private static void AppendFrame(StringBuilder text, int index, SnapshotFrame frame)
    {
        text.Append(CultureInfo, $"#{index,-3} 0x{frame.Pc:x16} in ");
        text.Append(frame.Function ?? "??");
        if (frame.FunctionOffset is { } offset && frame.Function is not null)
        {
            text.Append(CultureInfo, $"+0x{offset:x}");
        }

        if (frame.File is { } file)
        {
            text.Append(CultureInfo, $" at {file}:{frame.Line}");
        }
        else if (frame.Module is { } module)
        {
            text.Append(CultureInfo, $" from {module}");
        }

        if (frame.Inlined)
        {
            text.Append(" [inlined]");
        }

        if (frame.Trust is { } trust and not FrameTrust.Cfi and not FrameTrust.Context)
        {
            text.Append(CultureInfo, $" ({trust.ToString().ToLowerInvariant()})");
        }

        text.AppendLine();
    }

    private static System.Globalization.CultureInfo CultureInfo => System.Globalization.CultureInfo.InvariantCulture;
}
