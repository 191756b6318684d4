using Backtrace.Storage.Projects;
using Microsoft.Extensions.Logging;

namespace Backtrace.Grains.Notifications;

/// <summary>
/// When a silo becomes active, wakes the notification grain of every project, so that an outbox that still held
/// notifications when the process stopped resumes delivering without waiting for the next event. Runs in the
/// background: a start never waits on it. In a cluster every silo does it as it starts; waking is idempotent.
/// </summary>
public sealed partial class NotificationWakeup(IProjectCatalog catalog, IGrainFactory grains, ILogger<NotificationWakeup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _wakeup = Task.CompletedTask;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(NotificationWakeup), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _wakeup = Task.Run(() => WakeAllAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _wakeup.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
            // Not fatal: a pending outbox also resumes with its project's next event.
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Woke the notification outboxes of {Count} projects")]
    private static partial void LogWoken(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake the notification outboxes at start; they resume with their project's next event")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
