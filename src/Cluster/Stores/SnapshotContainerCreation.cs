using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backtrace.Cluster.Stores;

/// <summary>
/// Creates the snapshot container when the process starts, so the first submission does not pay for it.
/// Storage that is not reachable yet does not stop the start: readiness reports it, and the container
/// is created on a later start (or by whichever process reaches storage first).
/// </summary>
internal sealed partial class SnapshotContainerCreation(BlobContainerClient snapshots, ILogger<SnapshotContainerCreation> logger)
    : IHostedService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await snapshots.CreateIfNotExistsAsync(cancellationToken: timeout.Token);
        }
        catch (Exception exception) when (exception is RequestFailedException or HttpRequestException
                                          || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogCreationFailed(snapshots.Name, exception.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create the snapshot container {Container}: {Reason}")]
    private partial void LogCreationFailed(string container, string reason);
}
