namespace Backtrace.Storage.Bodies;

/// <summary>
/// Snapshot bodies: the submitted documents, stored whole and immutable, keyed by project and uuid.
/// The first body stored for a uuid wins; it is never replaced.
/// </summary>
public interface ISnapshotBodyStore
{
    /// <summary>
    /// Stores a body unless one with this uuid exists. The task completes only once the body is durable: a
    /// crash or power loss after completion cannot lose it (or leave a partial body in its place).
    /// </summary>
    /// <returns>True when this call stored the body; false when a body with this uuid was already stored (it is kept as it was).</returns>
    Task<bool> PutAsync(string project, Guid uuid, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored body for reading; null when there is none. The caller disposes the stream.</summary>
    Task<Stream?> OpenReadAsync(string project, Guid uuid, CancellationToken cancellationToken = default);

    /// <summary>True when a body with this uuid is stored.</summary>
    Task<bool> ExistsAsync(string project, Guid uuid, CancellationToken cancellationToken = default);
}
