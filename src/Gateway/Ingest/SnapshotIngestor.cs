using Backtrace.Gateway.Logging;
using Backtrace.Grains;
using Backtrace.Grains.Snapshots;
using Backtrace.Grains.Tokens;
using Backtrace.Snapshots;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;
using Backtrace.Storage.Attachments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Ingest;

/// <summary>
/// Validates a submitted document (native or Backtrace report) under the configured limits and hands it
/// to its <see cref="ISnapshotGrain"/>, which answers only once the snapshot is durable. Nothing is
/// written for a document that fails validation.
/// </summary>
public sealed class SnapshotIngestor(
    IGrainFactory grains, ISnapshotAttachmentStore attachmentStore, IOptions<IngestOptions> options, TimeProvider time, ILogger<SnapshotIngestor> logger)
{
    /// <summary><see cref="SnapshotReceipt.SourceFormat"/> of native submissions.</summary>
    public const string NativeFormat = "native";

    /// <summary><see cref="SnapshotReceipt.SourceFormat"/> of Backtrace JSON reports.</summary>
    public const string BacktraceJsonFormat = "backtrace-json";

    private readonly IngestOptions _options = options.Value;
    private readonly GrainReferenceCache<ISnapshotGrain> _snapshotGrains = new(grains);

    /// <summary>Ingests a native snapshot; the body is stored exactly as sent.</summary>
    /// <exception cref="SnapshotFormatException">The body is not a valid snapshot.</exception>
    public Task<SnapshotIngestResult> IngestNativeAsync(TokenGrant grant, byte[] body)
    {
        var snapshot = SnapshotReader.ReadNative(body, _options.Limits);
        return SubmitAsync(grant, snapshot, body, NativeFormat);
    }

    /// <summary>
    /// Ingests a Backtrace JSON report, stored in the native format it maps to, with the files sent beside it. The
    /// attachments are stored (durably) after the report has been validated and before the snapshot is, so an
    /// acknowledged submission has all of them, and a refused report stores none.
    /// </summary>
    /// <exception cref="SnapshotFormatException">The body is not a valid report.</exception>
    public async Task<SnapshotIngestResult> IngestBacktraceReportAsync(
        TokenGrant grant, ReadOnlyMemory<byte> report, IReadOnlyList<KeyValuePair<string, string>> extraAttributes,
        IReadOnlyList<SnapshotAttachment> attachments)
    {
        var snapshot = SnapshotReader.ReadBacktraceReport(report, _options.Limits, extraAttributes);
        if (attachments.Count > 0)
        {
            await attachmentStore.PutAsync(grant.Project, snapshot.Uuid, attachments);
        }

        return await SubmitAsync(grant, snapshot, SnapshotJson.Serialize(snapshot), BacktraceJsonFormat);
    }

    /// <summary>Hands the snapshot to its project's grain with what was parsed here, so that a grain in this
    /// process does not parse it again (<see cref="SnapshotSubmission.Parsed"/>).</summary>
    private async Task<SnapshotIngestResult> SubmitAsync(TokenGrant grant, Snapshot snapshot, byte[] nativeBody, string format)
    {
        var submission = new SnapshotSubmission { Uuid = snapshot.Uuid, Body = nativeBody, Parsed = snapshot };
        var receipt = new SnapshotReceipt { ReceivedAt = time.GetUtcNow(), SourceFormat = format, TokenId = grant.TokenId };
        var result = await _snapshotGrains.Get(grant.Project).IngestAsync(submission, receipt);
        GatewayLog.SnapshotIngested(logger, snapshot.Uuid, grant.Project, format, result.Fingerprint, result.Duplicate);
        return result;
    }
}
