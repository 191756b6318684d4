namespace Backtrace.Storage.Attachments;

/// <summary>
/// Files submitted beside a snapshot (log files, minidumps, breadcrumbs), keyed by project, snapshot uuid and
/// attachment name. Like bodies, attachments are immutable: the first file stored under a name wins.
/// </summary>
public interface ISnapshotAttachmentStore
{
    /// <summary>
    /// Stores the attachments of one snapshot, keeping any already stored under the same names. The task completes
    /// only once every one of them is durable.
    /// </summary>
    /// <exception cref="Grains.InvalidRequestException">A name breaks <see cref="AttachmentName"/>'s rules.</exception>
    Task PutAsync(string project, Guid uuid, IReadOnlyList<SnapshotAttachment> attachments, CancellationToken cancellationToken = default);

    /// <summary>The snapshot's attachments, by name (ordinal order); empty when it has none.</summary>
    Task<IReadOnlyList<SnapshotAttachmentInfo>> ListAsync(string project, Guid uuid, CancellationToken cancellationToken = default);

    /// <summary>Opens one attachment for reading; null when there is none of this name. The caller disposes the stream.</summary>
    Task<StoredAttachment?> OpenReadAsync(string project, Guid uuid, string name, CancellationToken cancellationToken = default);
}
