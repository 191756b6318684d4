using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Backtrace.Storage.Bodies;

namespace Backtrace.Storage.AzureBlob;

/// <summary>
/// Snapshot bodies as block blobs named <c>{project}/{uuid}</c> in one container. A body is written
/// with "if none match *", so the first body stored for a uuid wins without a read first, and an
/// acknowledged upload is durable (Azure Storage commits a blob before it answers).
/// </summary>
public sealed class BlobSnapshotBodyStore(BlobContainerClient container) : ISnapshotBodyStore
{
    private static readonly BlobUploadOptions CreateOnly = new()
    {
        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
    };

    /// <inheritdoc />
    public Task<bool> PutAsync(string project, Guid uuid, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
        BlobOutages.GuardAsync(() => PutCoreAsync(project, uuid, body, cancellationToken));

    private async Task<bool> PutCoreAsync(string project, Guid uuid, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var blob = Blob(project, uuid);
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(body), CreateOnly, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // First write to a new account, or storage was down when the process started.
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            return await PutCoreAsync(project, uuid, body, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string project, Guid uuid, CancellationToken cancellationToken = default) =>
        BlobOutages.GuardAsync(() => OpenReadCoreAsync(project, uuid, cancellationToken));

    private async Task<Stream?> OpenReadCoreAsync(string project, Guid uuid, CancellationToken cancellationToken)
    {
        try
        {
            var download = await Blob(project, uuid).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string project, Guid uuid, CancellationToken cancellationToken = default) =>
        BlobOutages.GuardAsync(async () => (await Blob(project, uuid).ExistsAsync(cancellationToken)).Value);

    // A valid project name (a-z, 0-9, '-', '_', '.', never "." or "..") is safe as a blob name prefix;
    // checked here too, since a name reaching storage unchecked would be a bug worth failing loudly on.
    // "D" is the canonical 36-character uuid form.
    private BlobClient Blob(string project, Guid uuid)
    {
        Grains.ProjectName.Validate(project);
        return container.GetBlobClient($"{project}/{uuid:D}");
    }
}
