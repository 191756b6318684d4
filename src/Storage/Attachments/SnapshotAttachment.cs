namespace Backtrace.Storage.Attachments;

/// <summary>One attachment to store.</summary>
/// <param name="Name">Its name within the snapshot (<see cref="AttachmentName"/>).</param>
/// <param name="ContentType">The media type the submitter gave it (<see cref="AttachmentName.DefaultContentType"/> when none).</param>
/// <param name="Content">Its bytes.</param>
public sealed record SnapshotAttachment(string Name, string ContentType, ReadOnlyMemory<byte> Content);
