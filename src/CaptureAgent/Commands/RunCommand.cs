using System.CommandLine;
using System.Runtime.InteropServices;
using Backtrace.Capture.Delivery;

namespace Backtrace.CaptureAgent.Commands;

/// <summary><c>run</c>: the delivery daemon. Drains the outbox, retrying with backoff, until stopped.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var once = new Option<bool>("--once") { Description = "Make one pass over the outbox and exit (status 7 when snapshots are still waiting)." };
        var poll = new Option<double>("--poll-seconds") { Description = "How often to look for new snapshots in the outbox.", DefaultValueFactory = _ => 5 };
        var delivery = new DeliveryArguments();
        var command = new Command("run", "Deliver the snapshots waiting in the outbox; runs until SIGTERM or SIGINT.") { once, poll };
        delivery.AddTo(command);
        command.SetAction(parse =>
        {
            var server = delivery.Delivery(parse) ?? throw new AgentException(ExitCode.UsageError, "run needs a server: --submit URL (or BACKTRACE_URL)");
            var outbox = new Outbox(delivery.OutboxOptions(parse));
            using var drainLock = OutboxDrainer.TryLock(outbox) ?? throw new AgentException(ExitCode.UsageError, $"another backtrace-agent is already draining {outbox.Path}");
            using var submitter = new SnapshotSubmitter(server);
            var drainer = new OutboxDrainer(outbox, submitter, server, message => Console.Error.WriteLine(message));
            var recovered = outbox.RecoverOrphans();
            if (recovered > 0)
            {
                Console.Error.WriteLine($"requeued {recovered} snapshot(s) left in flight by an interrupted agent");
            }

            if (parse.GetValue(once))
            {
                return drainer.DrainOnceAsync(CancellationToken.None).GetAwaiter().GetResult() > 0 ? (int)ExitCode.DeliveryDeferred : (int)ExitCode.Success;
            }

            using var stop = new CancellationTokenSource();
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            Console.Error.WriteLine($"draining {outbox.Path} to {submitter.Endpoint}");
            try
            {
                drainer.RunAsync(TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(poll), 0.05, 3600)), stop.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // SIGTERM/SIGINT: a snapshot in flight was put back; nothing is lost.
            }

            Console.Error.WriteLine($"stopped: {drainer.Delivered} delivered, {drainer.Rejected} rejected");
            return (int)ExitCode.Success;
        });
        return command;
    }
}
