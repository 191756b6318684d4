namespace Backtrace.Storage.Attachments;

/// <summary>A stored attachment, as listed.</summary>
/// <param name="Name">Its name within the snapshot.</param>
/// <param name="ContentType">The media type the submitter gave it.</param>
/// <param name="Size">Its length in bytes.</param>
public sealed record SnapshotAttachmentInfo(string Name, string ContentType, long Size);
