namespace Backtrace.Capture.Linux.ProcFs;

/// <summary>What /proc says about one thread: name, scheduler state and kernel stack.</summary>
internal sealed record ThreadFacts(string? Name, string? State, List<string>? KernelStack)
{
    /// <summary>Reads <c>/proc/PID/task/TID/{stat,stack}</c> (the name is stat's comm field); unreadable parts are null.</summary>
    public static ThreadFacts Read(int pid, int tid)
    {
        var directory = $"/proc/{pid}/task/{tid}/";
        var stat = ProcFile.ReadText(directory + "stat");
        var name = ProcText.StatComm(stat);
        var fields = ProcText.StatFieldsAfterComm(stat);
        var state = fields.Length > 0 && fields[0].Length > 0 ? ProcText.StateName(fields[0][0]) : null;
        List<string>? kernelStack = null;
        if (ProcFile.ReadText(directory + "stack") is { Length: > 0 } stack)
        {
            kernelStack = [.. stack.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        return new ThreadFacts(name, state, kernelStack);
    }
}
