using System.CommandLine;
using Backtrace.Capture.Building;
using Backtrace.Capture.Platform;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.CaptureAgent.Commands;

/// <summary><c>capture --pid N | --core FILE [--exe PATH]</c>: one snapshot, written, printed or submitted.</summary>
internal static class CaptureCommand
{
    public static Command Create()
    {
        var pid = new Option<int?>("--pid") { Description = "Capture this running process: stops its threads for a few milliseconds, copies them, lets it go on." };
        var core = new Option<string?>("--core") { Description = "Read this ELF core file instead of a live process." };
        var exe = new Option<string?>("--exe") { Description = "With --core: the executable to use instead of the path the core names (e.g. a copy of the binary that crashed)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the snapshot JSON to this file ('-' for standard output)." };
        var print = new Option<bool>("--print") { Description = "Print a readable backtrace of every thread (like gdb's 'thread apply all bt')." };
        var timings = new Option<bool>("--timings") { Description = "Print the time each phase of the capture took to standard error (diagnostics)." };
        var snapshotArguments = new SnapshotArguments();
        var delivery = new DeliveryArguments();
        var command = new Command("capture", "Snapshot a running process or a core file.") { pid, core, exe, output, print, timings };
        snapshotArguments.AddTo(command);
        delivery.AddTo(command);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(pid) is null) == (result.GetValue(core) is null))
            {
                result.AddError("give exactly one of --pid N or --core FILE");
            }
            else if (result.GetValue(exe) is not null && result.GetValue(core) is null)
            {
                result.AddError("--exe goes with --core");
            }
        });

        command.SetAction(parse =>
        {
            var clock = parse.GetValue(timings) ? new CaptureTimings() : null;
            var json = new JsonWarmUp();
            var deliveryOptions = delivery.Delivery(parse);
            var runner = new CaptureRunner(
                CapturePlatforms.Current,
                snapshotArguments.ModuleOptions(parse),
                snapshotArguments.CaptureOptions(parse, parse.GetValue(exe), traceFromCallingThread: true),
                snapshotArguments.SnapshotOptions(parse))
            {
                Timings = clock,
                Meanwhile = json.Run,
            };
            clock?.Lap("options");
            var snapshot = parse.GetValue(pid) is { } target ? runner.CaptureLive(target) : runner.ReadCore(parse.GetValue(core)!);
            json.Wait();
            var code = Emit(snapshot, parse.GetValue(output), parse.GetValue(print), deliveryOptions is null ? null : (deliveryOptions, delivery.OutboxOptions(parse)));
            if (clock is not null)
            {
                clock.Lap("output");
                Console.Error.WriteLine("timings: " + clock.Format());
            }

            return (int)code;
        });
        return command;
    }

    private static ExitCode Emit(Snapshot snapshot, string? output, bool print, (Capture.Delivery.DeliveryOptions, Capture.Delivery.OutboxOptions)? delivery)
    {
        if (output is not null)
        {
            if (output == "-")
            {
                using var stdout = Console.OpenStandardOutput();
                SnapshotJson.Serialize(stdout, snapshot);
                stdout.WriteByte((byte)'\n');
            }
            else
            {
                using var file = File.Create(output);
                SnapshotJson.Serialize(file, snapshot);
            }
        }

        if (print)
        {
            Console.Out.Write(BacktraceText.Format(snapshot));
        }

        if (delivery is var (server, outbox))
        {
            return SnapshotDelivery.SubmitOrQueue(snapshot, server, outbox);
        }

        if (output is null && !print)
        {
            using var stdout = Console.OpenStandardOutput();
            SnapshotJson.Serialize(stdout, snapshot);
            stdout.WriteByte((byte)'\n');
        }

        return ExitCode.Success;
    }
}
