namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>The attachments of one snapshot, by name.</summary>
public sealed record AttachmentListResponse(Guid Snapshot, IReadOnlyList<AttachmentResponse> Attachments);
