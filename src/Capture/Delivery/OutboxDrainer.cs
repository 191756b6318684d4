namespace Backtrace.Capture.Delivery;

/// <summary>
/// Sends the outbox's snapshots, oldest first, until it is empty (or forever, for the daemon). A snapshot
/// that fails is put back and retried after an exponential, jittered delay; the server being down loses
/// nothing. One drainer per outbox: <see cref="TryLock"/> takes an exclusive lock file.
/// </summary>
public sealed class OutboxDrainer(Outbox outbox, SnapshotSubmitter submitter, DeliveryOptions options, Action<string> log)
{
    private readonly Dictionary<string, (int Failures, DateTime NotBefore)> _backoff = new(StringComparer.Ordinal);

    /// <summary>Snapshots delivered so far.</summary>
    public int Delivered { get; private set; }

    /// <summary>Snapshots the server refused (moved to <c>rejected/</c>).</summary>
    public int Rejected { get; private set; }

    /// <summary>Takes the outbox's lock; null when another drainer holds it.</summary>
    public static FileStream? TryLock(Outbox outbox)
    {
        try
        {
            return new FileStream(Path.Combine(outbox.Path, ".drain.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>One pass over the pending files; returns how many are still waiting.</summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellation)
    {
        var waiting = 0;
        foreach (var file in outbox.Pending())
        {
            cancellation.ThrowIfCancellationRequested();
            if (_backoff.TryGetValue(file, out var state) && state.NotBefore > DateTime.UtcNow)
            {
                waiting++;
                continue;
            }

            if (Outbox.Claim(file) is not { } sending)
            {
                continue;
            }

            byte[] body;
            try
            {
                body = await File.ReadAllBytesAsync(sending, cancellation).ConfigureAwait(false);
            }
            catch
            {
                Outbox.Release(sending);
                throw;
            }

            SubmissionResult result;
            try
            {
                result = await submitter.SubmitAsync(body, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Outbox.Release(sending);
                throw;
            }

            switch (result.Outcome)
            {
                case SubmissionOutcome.Accepted:
                    Outbox.Complete(sending);
                    _backoff.Remove(file);
                    Delivered++;
                    log($"delivered {Path.GetFileName(file)}");
                    break;
                case SubmissionOutcome.Rejected:
                    outbox.Reject(sending, result.Detail);
                    _backoff.Remove(file);
                    Rejected++;
                    log($"rejected {Path.GetFileName(file)}: {result.Detail}");
                    break;
                default:
                    Outbox.Release(sending);
                    var failures = _backoff.GetValueOrDefault(file).Failures + 1;
                    var delay = RetryDelay.For(failures, options.InitialRetryDelay, options.MaxRetryDelay);
                    _backoff[file] = (failures, DateTime.UtcNow + delay);
                    waiting++;
                    log($"will retry {Path.GetFileName(file)} in {delay.TotalSeconds:0.0} s: {result.Detail}");
                    break;
            }
        }

        return waiting;
    }

    /// <summary>Drains until cancelled, polling the directory for new snapshots.</summary>
    public async Task RunAsync(TimeSpan pollInterval, CancellationToken cancellation)
    {
        outbox.RecoverOrphans();
        while (!cancellation.IsCancellationRequested)
        {
            await DrainOnceAsync(cancellation).ConfigureAwait(false);
            var next = _backoff.Count == 0 ? pollInterval : _backoff.Values.Min(b => b.NotBefore) - DateTime.UtcNow;
            await Task.Delay(next < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : next > pollInterval ? pollInterval : next, cancellation).ConfigureAwait(false);
        }
    }
}
