using Backtrace.Gateway.Logging;
using Backtrace.Grains;
using Backtrace.Grains.Snapshots;
using Backtrace.Grains.Tokens;
using Backtrace.Snapshots;
using Backtrace.Snapshots.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Backtrace.Gateway.Ingest;

/// <summary>
/// Validates a submitted document (native or Backtrace report) under the configured limits and hands it
/// to its <see cref="ISnapshotGrain"/>, which answers only once the snapshot is durable. Nothing is
/// written for a document that fails validation.
/// </summary>
public sealed class SnapshotIngestor(IGrainFactory grains, IOptions<IngestOptions> options, TimeProvider time, ILogger<SnapshotIngestor> logger)
{
    /// <summary><see cref="SnapshotReceipt.SourceFormat"/> of native submissions.</summary>
    public const string NativeFormat = "native";

    /// <summary><see cref="SnapshotReceipt.SourceFormat"/> of Backtrace JSON reports.</summary>
    public const string BacktraceJsonFormat = "backtrace-json";

    private readonly IngestOptions _options = options.Value;

    /// <summary>Ingests a native snapshot; the body is stored exactly as sent.</summary>
    /// <exception cref="SnapshotFormatException">The body is not a valid snapshot.</exception>
    public Task<SnapshotIngestResult> IngestNativeAsync(TokenGrant grant, byte[] body)
    {
        var snapshot = SnapshotReader.ReadNative(body, _options.Limits);
        return SubmitAsync(grant, snapshot.Uuid, body, NativeFormat);
    }

    /// <summary>Ingests a Backtrace JSON report, stored in the native format it maps to.</summary>
    /// <exception cref="SnapshotFormatException">The body is not a valid report.</exception>
    public Task<SnapshotIngestResult> IngestBacktraceReportAsync(
        TokenGrant grant, ReadOnlyMemory<byte> report, IReadOnlyList<KeyValuePair<string, string>> extraAttributes)
    {
        var snapshot = SnapshotReader.ReadBacktraceReport(report, _options.Limits, extraAttributes);
        return SubmitAsync(grant, snapshot.Uuid, SnapshotJson.Serialize(snapshot), BacktraceJsonFormat);
    }

    private async Task<SnapshotIngestResult> SubmitAsync(TokenGrant grant, Guid uuid, byte[] nativeBody, string format)
    {
        var receipt = new SnapshotReceipt { ReceivedAt = time.GetUtcNow(), SourceFormat = format, TokenId = grant.TokenId };
        var result = await grains.GetGrain<ISnapshotGrain>(GrainKeys.Snapshot(grant.Project, uuid))
            .IngestAsync(new Immutable<byte[]>(nativeBody), receipt);
        GatewayLog.SnapshotIngested(logger, uuid, grant.Project, format, result.Fingerprint, result.Duplicate);
        return result;
    }
}
