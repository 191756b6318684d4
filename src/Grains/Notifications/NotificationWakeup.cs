using Backtrace.Storage.Projects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backtrace.Grains.Notifications;

/// <summary>
/// When a silo becomes active, and then every <see cref="NotificationOptions.WakeInterval"/>, wakes the notification
/// grain of every project, so that an outbox that still held notifications when its process stopped or died resumes
/// delivering without waiting for the project's next event. Runs in the background: a start never waits on it. In a
/// cluster every silo does it; waking is idempotent (a grain call that activates the grain if needed).
/// </summary>
public sealed partial class NotificationWakeup(
    IProjectCatalog catalog, IGrainFactory grains, IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationWakeup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _wakeups = Task.CompletedTask;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(NotificationWakeup), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _wakeups = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _wakeups.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await WakeAllAsync(cancellationToken);
        var interval = options.Value.WakeInterval;
        if (interval == TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await WakeAllAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task WakeAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var projects = await catalog.ListAsync(cancellationToken);
            foreach (var project in projects)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await grains.GetGrain<INotificationGrain>(project.Name).WakeAsync();
            }

            LogWoken(logger, projects.Count);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Not fatal: the next wake, or the project's next event, resumes a pending outbox.
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Woke the notification outboxes of {Count} projects")]
    private static partial void LogWoken(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake the notification outboxes; they resume at the next wake or with their project's next event")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
