namespace Backtrace.Storage.Attachments;

/// <summary>A stored attachment opened for reading. Disposing it closes <see cref="Content"/>.</summary>
public sealed record StoredAttachment(SnapshotAttachmentInfo Info, Stream Content) : IAsyncDisposable
{
    /// <inheritdoc />
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
