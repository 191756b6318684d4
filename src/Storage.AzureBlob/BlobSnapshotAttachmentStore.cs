using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Backtrace.Storage.Attachments;

namespace Backtrace.Storage.AzureBlob;

/// <summary>
/// Snapshot attachments as block blobs in the snapshot container, named
/// <c>_attachments/{project}/{uuid}/{hex of the UTF-8 name}</c>. Project names never start with <c>_</c>, so these
/// names never meet a body's <c>{project}/{uuid}</c>; the hex form keeps any attachment name a safe blob name
/// (no trailing dots, no characters to escape). Each blob is written "if none match *": the first file stored
/// under a name wins, and an acknowledged upload is durable.
/// </summary>
public sealed class BlobSnapshotAttachmentStore(BlobContainerClient container) : ISnapshotAttachmentStore
{
    private const string Root = "_attachments";

    /// <inheritdoc />
    public Task PutAsync(string project, Guid uuid, IReadOnlyList<SnapshotAttachment> attachments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var prefix = Prefix(project, uuid);
        foreach (var attachment in attachments)
        {
            AttachmentName.Validate(attachment.Name);
        }

        return BlobOutages.GuardAsync(async () =>
        {
            await Task.WhenAll(attachments.Select(a => PutOneAsync(prefix, a, cancellationToken)));
            return true;
        });
    }

    private async Task PutOneAsync(string prefix, SnapshotAttachment attachment, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = attachment.ContentType },
        };
        var blob = container.GetBlobClient(prefix + Encode(attachment.Name));
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(attachment.Content), options, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await PutOneAsync(prefix, attachment, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            // Stored by an earlier submission of the same snapshot: the first one stays.
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SnapshotAttachmentInfo>> ListAsync(string project, Guid uuid, CancellationToken cancellationToken = default)
    {
        var prefix = Prefix(project, uuid);
        return BlobOutages.GuardAsync<IReadOnlyList<SnapshotAttachmentInfo>>(async () =>
        {
            var attachments = new List<SnapshotAttachmentInfo>();
            try
            {
                await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
                {
                    attachments.Add(new SnapshotAttachmentInfo(
                        Decode(item.Name[prefix.Length..]), item.Properties.ContentType ?? AttachmentName.DefaultContentType, item.Properties.ContentLength ?? 0));
                }
            }
            catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                return [];
            }

            attachments.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return attachments;
        });
    }

    /// <inheritdoc />
    public Task<StoredAttachment?> OpenReadAsync(string project, Guid uuid, string name, CancellationToken cancellationToken = default)
    {
        var prefix = Prefix(project, uuid);
        if (!AttachmentName.IsValid(name, out _))
        {
            return Task.FromResult<StoredAttachment?>(null);
        }

        return BlobOutages.GuardAsync(async () =>
        {
            try
            {
                var download = await container.GetBlobClient(prefix + Encode(name)).DownloadStreamingAsync(cancellationToken: cancellationToken);
                var details = download.Value.Details;
                return new StoredAttachment(
                    new SnapshotAttachmentInfo(name, details.ContentType ?? AttachmentName.DefaultContentType, details.ContentLength),
                    download.Value.Content);
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                return (StoredAttachment?)null;
            }
        });
    }

    // A valid project name is safe in a blob name; checked here too, as in BlobSnapshotBodyStore.
    private static string Prefix(string project, Guid uuid)
    {
        Grains.ProjectName.Validate(project);
        return $"{Root}/{project}/{uuid:D}/";
    }

    // At most 100 UTF-16 characters: at most 300 UTF-8 bytes, 600 hex digits, well under the 1,024 of a blob name.
    private static string Encode(string name) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(name));

    private static string Decode(string hex) => Encoding.UTF8.GetString(Convert.FromHexString(hex));
}
