using System.CommandLine;
using Backtrace.Capture;
using Backtrace.CaptureAgent;
using Backtrace.CaptureAgent.Commands;

var diagnostics = new Option<bool>("--diagnostics")
{
    Description = "Print stack traces of internal errors (for bug reports).",
    Recursive = true,
};
var root = new RootCommand("backtrace-agent: snapshots crashing and running processes (threads, stacks, memory, environment) and delivers them to Backtrace.")
{
    CaptureCommand.Create(),
    SubmitCommand.Create(),
    RunCommand.Create(),
    HookCommand.Create(),
    OnCrashCommand.Create(),
};
root.Options.Add(diagnostics);

var parse = root.Parse(args);
try
{
    if (parse.Errors.Count > 0)
    {
        foreach (var error in parse.Errors)
        {
            Console.Error.WriteLine($"error: {error.Message}");
        }

        return (int)ExitCode.UsageError;
    }

    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (AgentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return (int)e.Code;
}
catch (CaptureException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return (int)Failures.ToExitCode(e.Failure);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return (int)ExitCode.UsageError;
}
catch (Exception e)
{
    Console.Error.WriteLine(parse.GetValue(diagnostics) ? $"internal error: {e}" : $"internal error: {e.GetType().Name}: {e.Message} (run with --diagnostics for details)");
    return (int)ExitCode.InternalError;
}
