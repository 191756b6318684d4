using Backtrace.Capture.Delivery;
using Backtrace.Snapshots.Model;

namespace Backtrace.CaptureAgent.Commands;

/// <summary>Sends one snapshot now; when that fails for a reason worth retrying, leaves it in the outbox.</summary>
internal static class SnapshotDelivery
{
    public static ExitCode SubmitOrQueue(byte[] gzippedJson, Guid uuid, DeliveryOptions delivery, OutboxOptions outboxOptions, string what)
    {
        using var submitter = new SnapshotSubmitter(delivery);
        var result = submitter.SubmitAsync(gzippedJson, CancellationToken.None).GetAwaiter().GetResult();
        switch (result.Outcome)
        {
            case SubmissionOutcome.Accepted:
                Console.Error.WriteLine($"submitted {what} to {submitter.Endpoint} ({result.Detail})");
                return ExitCode.Success;
            case SubmissionOutcome.Rejected:
                Console.Error.WriteLine($"error: the server refused {what}: {result.Detail}");
                return ExitCode.DeliveryRejected;
            default:
                var file = new Outbox(outboxOptions).EnqueueCompressed(gzippedJson, uuid);
                Console.Error.WriteLine($"warning: could not submit {what} ({result.Detail}); queued as {file} for `backtrace-agent run`");
                return ExitCode.DeliveryDeferred;
        }
    }

    public static ExitCode SubmitOrQueue(Snapshot snapshot, DeliveryOptions delivery, OutboxOptions outboxOptions) =>
        SubmitOrQueue(Outbox.Compress(snapshot), snapshot.Uuid, delivery, outboxOptions, $"snapshot {snapshot.Uuid}");
}
