using System.Text;
using Backtrace.Gateway.Problems;
using Backtrace.Storage.Attachments;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Backtrace.Gateway.Ingest;

/// <summary>
/// What a Backtrace client submits to <c>/post</c>: the JSON report (the raw body, or the <c>upload_file</c>
/// part of a multipart body), attributes sent beside it as query-string parameters or form fields, and files
/// sent beside it as further parts (<c>attachment_&lt;name&gt;</c>, as Backtrace clients name them, or any file part).
/// </summary>
/// <param name="Report">The report document.</param>
/// <param name="Attributes">Attributes from the query string and form fields, in order; later ones win.</param>
/// <param name="Attachments">Files sent beside the report in a multipart body (log files, minidumps), to store with the snapshot.</param>
public sealed record BacktraceSubmission(
    ReadOnlyMemory<byte> Report, IReadOnlyList<KeyValuePair<string, string>> Attributes, IReadOnlyList<SnapshotAttachment> Attachments)
{
    /// <summary>Query parameters that steer the submission and are not attributes.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "format", "token" };

    /// <summary>Most form parts read; a real client sends the report and a few attachments.</summary>
    private const int MaxParts = 1100;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Splits a submission into its report, attributes and attachments.</summary>
    /// <exception cref="GatewayProblemException">Unsupported format (415), malformed multipart, no report
    /// or a bad attachment name (400), attachments over <paramref name="options"/>' bounds (413).</exception>
    public static async Task<BacktraceSubmission> ParseAsync(HttpRequest request, byte[] body, IngestOptions options)
    {
        if (request.Query.TryGetValue("format", out var format) && !string.Equals(format.ToString(), "json", StringComparison.Ordinal))
        {
            throw Problem.UnsupportedFormat($"format '{format}' is not supported; this server accepts Backtrace JSON reports (format=json)");
        }

        var attributes = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in request.Query)
        {
            if (!Reserved.Contains(key))
            {
                attributes.AddRange(values.Select(v => new KeyValuePair<string, string>(key, v ?? "")));
            }
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return new BacktraceSubmission(body, attributes, []);
        }

        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).ToString();
        if (boundary.Length == 0)
        {
            throw Problem.InvalidBody("the multipart body's Content-Type has no boundary");
        }

        try
        {
            var attachments = new SubmissionAttachments(options.MaxAttachments, options.MaxAttachmentBytes);
            var report = await ReadPartsAsync(new MultipartReader(boundary, new MemoryStream(body)) { BodyLengthLimit = body.Length }, attributes, attachments);
            return new BacktraceSubmission(
                report ?? throw Problem.InvalidBody("the multipart body has no 'upload_file' part holding the report"), attributes, attachments.All);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw Problem.InvalidBody($"malformed multipart body: {e.Message}");
        }
    }

    private static async Task<byte[]?> ReadPartsAsync(
        MultipartReader reader, List<KeyValuePair<string, string>> attributes, SubmissionAttachments attachments)
    {
        byte[]? report = null;
        var parts = 0;
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            if (++parts > MaxParts)
            {
                throw Problem.InvalidBody($"the multipart body has more than {MaxParts} parts");
            }

            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                throw Problem.InvalidBody($"multipart part {parts} has no valid Content-Disposition header");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
            using var content = new MemoryStream();
            await section.Body.CopyToAsync(content);
            if (name is "upload_file" or "upload_file.json")
            {
                report = report is null ? content.ToArray() : throw Problem.InvalidBody("the multipart body has two 'upload_file' parts; send one report");
            }
            else if (name.StartsWith("upload_file", StringComparison.Ordinal))
            {
                throw Problem.UnsupportedFormat($"part '{name}' holds a format this server does not read; send the Backtrace JSON report as 'upload_file'");
            }
            else if (SubmissionAttachments.NameOf(name, disposition) is { } attachmentName)
            {
                attachments.Add(attachmentName, section.ContentType, content);
            }
            else
            {
                attributes.Add(new(name, DecodeField(name, content)));
            }
        }

        return report;
    }

    private static string DecodeField(string name, MemoryStream content)
    {
        try
        {
            return StrictUtf8.GetString(content.GetBuffer(), 0, (int)content.Length);
        }
        catch (DecoderFallbackException)
        {
            throw Problem.InvalidBody($"form field '{name}' is not valid UTF-8");
        }
    }
}
