using Backtrace.Storage.Attachments;

namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>One attachment of a snapshot, with the URL that downloads it.</summary>
public sealed record AttachmentResponse(string Name, string ContentType, long Size, string Url)
{
    public static AttachmentResponse From(string project, Guid uuid, SnapshotAttachmentInfo attachment) => new(
        attachment.Name, attachment.ContentType, attachment.Size, ApiPaths.Attachment(project, uuid, attachment.Name));
}
