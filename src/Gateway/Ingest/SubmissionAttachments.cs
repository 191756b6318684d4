using Backtrace.Gateway.Problems;
using Backtrace.Storage.Attachments;
using Microsoft.Net.Http.Headers;

namespace Backtrace.Gateway.Ingest;

/// <summary>
/// The attachments of one multipart submission as they are read, checked against the configured bounds
/// (<see cref="IngestOptions.MaxAttachments"/>, <see cref="IngestOptions.MaxAttachmentBytes"/>) and the naming rules,
/// so that a submission breaking any of them is refused whole before anything is stored.
/// </summary>
internal sealed class SubmissionAttachments(int maxCount, long maxBytes)
{
    /// <summary>Backtrace clients name attachment parts <c>attachment_&lt;name&gt;</c>.</summary>
    private const string PartPrefix = "attachment_";

    /// <summary>Longest media type kept; a longer or malformed one is stored as <see cref="AttachmentName.DefaultContentType"/>.</summary>
    private const int MaxContentTypeLength = 200;

    private readonly List<SnapshotAttachment> _attachments = [];

    public IReadOnlyList<SnapshotAttachment> All => _attachments;

    /// <summary>
    /// The attachment name of a part, or null for a plain form field: <c>attachment_log.txt</c> is <c>log.txt</c>;
    /// another part with a file name is named by its file name.
    /// </summary>
    public static string? NameOf(string partName, ContentDispositionHeaderValue disposition)
    {
        if (partName.StartsWith(PartPrefix, StringComparison.Ordinal) && partName.Length > PartPrefix.Length)
        {
            return partName[PartPrefix.Length..];
        }

        var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar : HeaderUtilities.RemoveQuotes(disposition.FileName);
        return fileName.HasValue ? Path.GetFileName(fileName.ToString()) is { Length: > 0 } baseName ? baseName : fileName.ToString() : null;
    }

    public void Add(string name, string? contentType, MemoryStream content)
    {
        if (_attachments.Count >= maxCount)
        {
            throw Problem.TooManyAttachments(maxCount);
        }

        if (!AttachmentName.IsValid(name, out var reason))
        {
            throw Problem.InvalidBody($"{reason}; rename the attachment", $"attachment '{Problem.Quote(name)}'");
        }

        if (_attachments.Exists(a => a.Name == name))
        {
            throw Problem.InvalidBody("two attachments have this name; send each name once", $"attachment '{name}'");
        }

        if (content.Length > maxBytes)
        {
            throw Problem.AttachmentTooLarge(name, content.Length, maxBytes);
        }

        _attachments.Add(new SnapshotAttachment(name, MediaTypeOf(contentType), content.ToArray()));
    }

    /// <summary>The media type to store: the one given when it is well-formed and short, else <see cref="AttachmentName.DefaultContentType"/>.</summary>
    public static string MediaTypeOf(string? contentType) =>
        contentType is { Length: > 0 and <= MaxContentTypeLength } && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            ? parsed.ToString()
            : AttachmentName.DefaultContentType;
}
