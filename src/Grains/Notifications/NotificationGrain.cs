using System.Security.Cryptography;
using Backtrace.Grains.Persistence;
using Backtrace.Storage;
using Backtrace.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backtrace.Grains.Notifications;

/// <summary>
/// A project's webhooks and notification outbox (see <see cref="INotificationGrain"/>).
/// <para>
/// Delivery runs on a grain timer that may interleave with calls (<see cref="GrainTimerCreationOptions.Interleave"/>):
/// while a webhook takes seconds to answer, fault groups can still queue events, so a slow receiver never holds up
/// ingest. The state is only changed and written under <see cref="_writes"/>, so an interleaved write never races
/// another. The timer keeps the grain active while the outbox holds anything; after a restart every silo wakes the
/// notification grains of all projects (<see cref="NotificationWakeup"/>), so a pending outbox resumes by itself.
/// </para>
/// </summary>
public sealed partial class NotificationGrain(
    [PersistentState("notifications", StorageNames.GrainState)] IPersistentState<NotificationState> state,
    WebhookSender sender,
    IOptions<NotificationOptions> options,
    BacktraceMetrics metrics,
    TimeProvider time,
    ILogger<NotificationGrain> logger) : Grain, INotificationGrain
{
    /// <summary>The integration tag of the latency metric.</summary>
    private const string Integration = "webhook";

    private readonly NotificationOptions _options = options.Value;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private IGrainTimer? _timer;
    private bool _delivering;
    private bool _lastPassFailed;

    /// <summary>Outbox entries this activation has added to the depth metric.</summary>
    private int _reportedDepth;

    private string Project => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ReportDepth();
        Schedule();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The outbox leaves this process with the activation: take back what it counted (see OutboxDepthChanged).
        metrics.OutboxDepthChanged(Project, -_reportedDepth);
        _reportedDepth = 0;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<WebhookInfo> AddWebhookAsync(WebhookRequest request)
    {
        var url = WebhookValidation.Validate(request);
        var info = new WebhookInfo
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            Url = url,
            Signed = request.Secret is not null,
            CreatedAt = time.GetUtcNow(),
        };
        await MutateAsync(s =>
        {
            if (s.Webhooks.Count >= _options.MaxWebhooks)
            {
                throw new InvalidRequestException("webhooks", $"a project has at most {_options.MaxWebhooks} webhooks; remove one first");
            }

            s.Webhooks.Add(new StoredWebhook { Info = info, Secret = request.Secret });
            return true;
        });
        LogWebhookAdded(logger, Project, info.Id, url);
        return info;
    }

    /// <inheritdoc />
    public async Task RemoveWebhookAsync(string webhookId)
    {
        if (!state.State.Webhooks.Exists(w => w.Info.Id == webhookId))
        {
            throw new WebhookNotFoundException(Project, webhookId);
        }

        await MutateAsync(s =>
        {
            s.Outbox.RemoveAll(e => e.WebhookId == webhookId);
            return s.Webhooks.RemoveAll(w => w.Info.Id == webhookId);
        });
        ReportDepth();
        Schedule();
    }

    /// <inheritdoc />
    public Task<WebhookList> GetWebhooksAsync() => Task.FromResult(new WebhookList
    {
        Webhooks = state.State.Webhooks.ConvertAll(w => w.Info),
        Pending = state.State.Outbox.Count,
        Dropped = state.State.Dropped,
    });

    /// <inheritdoc />
    public async Task EnqueueAsync(NotificationEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (state.State.Webhooks.Count == 0 || state.State.RecentEvents.Contains(notification.Id))
        {
            return;
        }

        var now = time.GetUtcNow();
        var dropped = await MutateAsync(s => NotificationOutbox.Enqueue(s, notification, now, _options.MaxOutboxEntries));
        ReportDepth(dropped);
        if (dropped > 0)
        {
            LogDropped(logger, Project, dropped, _options.MaxOutboxEntries, state.State.Dropped);
        }

        Schedule();
    }

    /// <inheritdoc />
    public Task WakeAsync() => Task.CompletedTask;

    /// <summary>One pass over the entries that are due, oldest first. Runs interleaved with calls (see the class comment).</summary>
    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        _delivering = true;
        _lastPassFailed = false;
        try
        {
            var now = time.GetUtcNow();
            var due = state.State.Outbox.Where(e => e.NextAttemptAt <= now).Select(e => (e.Event.Id, e.WebhookId)).ToList();
            foreach (var (eventId, webhookId) in due)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                await DeliverOneAsync(eventId, webhookId, cancellationToken);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The state could not be written (storage down): what is stored is still the truth; try again later.
            _lastPassFailed = true;
            LogPassFailed(logger, e, Project);
        }
        finally
        {
            _delivering = false;
            Schedule();
        }
    }

    private async Task DeliverOneAsync(string eventId, string webhookId, CancellationToken cancellationToken)
    {
        // Looked up again: an interleaved call may have removed the entry or its webhook, or an earlier failure in
        // this pass may have postponed it.
        var entry = state.State.Outbox.Find(e => e.Is(eventId, webhookId));
        if (entry is null || entry.NextAttemptAt > time.GetUtcNow())
        {
            return;
        }

        var webhook = state.State.Webhooks.Find(w => w.Info.Id == webhookId);
        var error = webhook is null ? null : await sender.SendAsync(webhook, entry.Event, cancellationToken);
        if (error is null)
        {
            var now = time.GetUtcNow();
            await MutateAsync(s =>
            {
                NotificationOutbox.Acknowledge(s, eventId, webhookId, now);
                return true;
            });
            ReportDepth();
            if (webhook is not null)
            {
                var latency = now - entry.Event.OccurredAt;
                metrics.NotificationDelivered(Project, Integration, latency);
                LogDelivered(logger, Project, eventId, webhookId, entry.Attempts + 1, latency.TotalSeconds);
            }

            return;
        }

        var attempts = entry.Attempts + 1;
        var retryAt = time.GetUtcNow() + RetryBackoff.After(attempts, _options);
        await MutateAsync(s =>
        {
            NotificationOutbox.Postpone(s, eventId, webhookId, attempts, retryAt);
            return true;
        });
        LogDeliveryFailed(logger, Project, eventId, webhookId, attempts, error, retryAt);
    }

    /// <summary>Arms the timer for the earliest due entry, or stops it when the outbox is empty (the grain may then be collected).</summary>
    private void Schedule()
    {
        if (_delivering)
        {
            // The running pass schedules the next one when it ends.
            return;
        }

        if (state.State.Outbox.Count == 0)
        {
            _timer?.Dispose();
            _timer = null;
            return;
        }

        var wait = state.State.Outbox.Min(e => e.NextAttemptAt) - time.GetUtcNow();
        var floor = _lastPassFailed ? _options.RetryInitialDelay : TimeSpan.Zero;
        var due = wait < floor ? floor : wait;
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(DeliverAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Changes and writes the state, one change at a time. If the write fails, the activation is dropped so that
    /// the next call starts from what is really stored.</summary>
    private async Task<T> MutateAsync<T>(Func<NotificationState, T> decide)
    {
        await _writes.WaitAsync();
        try
        {
            return await state.DecideAndWriteAsync(decide);
        }
        catch (Exception e) when (e is not InvalidRequestException)
        {
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Brings the depth metric to the outbox's size. Entries that came in and were dropped at once are reported both
    /// ways (<paramref name="dropped"/>), so the metric shows every enqueue and every drop, not only the net change.
    /// </summary>
    private void ReportDepth(int dropped = 0)
    {
        var delta = state.State.Outbox.Count - _reportedDepth;
        if (dropped > 0)
        {
            metrics.OutboxDepthChanged(Project, delta + dropped);
            metrics.OutboxDepthChanged(Project, -dropped);
        }
        else if (delta != 0)
        {
            metrics.OutboxDepthChanged(Project, delta);
        }

        _reportedDepth += delta;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {Project} added webhook {WebhookId} to {Url}")]
    private static partial void LogWebhookAdded(ILogger logger, string project, string webhookId, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {Project} delivered {EventId} to webhook {WebhookId} on attempt {Attempt}, {LatencySeconds:0.###} s after the event")]
    private static partial void LogDelivered(ILogger logger, string project, string eventId, string webhookId, int attempt, double latencySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Project {Project} could not deliver {EventId} to webhook {WebhookId} (attempt {Attempt}: {Error}); retrying at {RetryAt:o}")]
    private static partial void LogDeliveryFailed(ILogger logger, string project, string eventId, string webhookId, int attempt, string error, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Project {Project} dropped its {Dropped} oldest undelivered notifications: the outbox holds at most {Max} ({Total} dropped so far)")]
    private static partial void LogDropped(ILogger logger, string project, int dropped, int max, long total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Project {Project} could not record a delivery; the outbox is retried later")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string project);
}
