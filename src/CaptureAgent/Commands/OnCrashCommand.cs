using System.CommandLine;
using Backtrace.Capture.Linux.Hook;

namespace Backtrace.CaptureAgent.Commands;

/// <summary>
/// <c>on-crash PID TID SIGNAL TIME COMM</c>: run by the kernel through core_pattern with the core on stdin,
/// stdout and stderr closed, as root, in the initial namespaces. A hung handler would hang the crashing
/// process in the kernel, so SIGALRM kills it at the hard deadline whatever it is doing. Problems are
/// logged to on-crash.log in the outbox, as there is no terminal.
/// </summary>
internal static class OnCrashCommand
{
    public static Command Create()
    {
        var configuration = new Option<string>("--config", "-c") { Description = "The hook configuration written by 'hook install'.", DefaultValueFactory = _ => HookConfiguration.DefaultPath };
        var pid = new Argument<int>("pid") { Description = "%P: process id in the initial namespace." };
        var tid = new Argument<int>("tid") { Description = "%i: thread that dumped." };
        var signal = new Argument<int>("signal") { Description = "%s: signal number." };
        var time = new Argument<long>("time") { Description = "%t: time of the dump, seconds since the epoch." };
        var comm = new Argument<string>("comm") { Description = "%e: command name." };
        var command = new Command("on-crash", "Crash handler run by the kernel (core_pattern); reads the core from standard input.") { configuration, pid, tid, signal, time, comm };
        command.SetAction(parse =>
        {
            var hook = HookConfiguration.Load(parse.GetValue(configuration)!);
            Capture.Linux.Native.Watchdog.Arm(hook.HardDeadlineSeconds);
            var log = Path.Combine(hook.Outbox, "on-crash.log");
            void Log(string message)
            {
                try
                {
                    Directory.CreateDirectory(hook.Outbox);
                    File.AppendAllText(log, $"{DateTime.UtcNow:O} {message}\n");
                }
                catch (IOException)
                {
                    // Nowhere else to say it: stdout and stderr are closed.
                }
            }

            var crash = new CrashFacts(parse.GetValue(pid), parse.GetValue(tid), parse.GetValue(signal), parse.GetValue(time), parse.GetValue(comm)!);
            try
            {
                using var core = Console.OpenStandardInput(1 << 20);
                new CrashHandler(hook, crash, Log).Handle(core);
                return (int)ExitCode.Success;
            }
            catch (Exception e)
            {
                Log($"pid {crash.Pid} ({crash.Comm}): no snapshot: {e}");
                throw;
            }
        });
        return command;
    }
}
