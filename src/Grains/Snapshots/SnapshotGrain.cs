using Backtrace.Analysis.Lua;
using Backtrace.Deduplication;
using Backtrace.Grains.FaultGroups;
using Backtrace.Grains.Projects;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;
using Backtrace.Storage.Bodies;
using Backtrace.Storage.Index;
using Backtrace.Telemetry;
using Microsoft.Extensions.Logging;

namespace Backtrace.Grains.Snapshots;

/// <summary>
/// Ingests snapshots of one project (see <see cref="ISnapshotGrain"/>). The grain keeps no state of its own: the
/// body store and the query index are the record, and both are idempotent by uuid (the first body is kept; the
/// index records a uuid once and returns the first row to later attempts), and the fault group ignores ordinals
/// it has folded, so concurrent submissions of one uuid still count once. That makes it a local stateless
/// worker keyed by project: no activation and no grain-directory entry per snapshot, which at thousands of
/// snapshots a second would cost more than the ingest itself.
/// <para>
/// Reentrant because each call spends nearly all its time awaiting durable storage (an fsync per batch): without
/// interleaving, an activation would ingest one snapshot at a time and group commit would have nothing to group.
/// Nothing is shared between calls but injected, thread-safe services.
/// </para>
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed partial class SnapshotGrain(
    ISnapshotBodyStore bodies,
    ISnapshotIndex index,
    FingerprintSettingsCache fingerprintSettings,
    BacktraceMetrics metrics,
    IGrainFactory grains,
    ILogger<SnapshotGrain> logger) : Grain, ISnapshotGrain
{
    private const int MaxClassifiers = 32;
    private const int MaxClassifierLength = 64;

    private readonly GrainReferenceCache<IFaultGroupGrain> _faultGroups = new(grains);
    private IProjectGrain? _project;

    /// <inheritdoc />
    public async Task<SnapshotIngestResult> IngestAsync(SnapshotSubmission submission, SnapshotReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(receipt);
        var project = this.GetPrimaryKeyString();
        ProjectName.Validate(project);
        var uuid = submission.Uuid;
        var snapshot = Check(submission.Parsed ?? Parse(submission.Body), uuid);
        // The activation serves one project: one reference for its life.
        _project ??= GrainFactory.GetGrain<IProjectGrain>(project);
        var config = await _project.GetIngestConfigAsync();

        // Built-in analysis (unless the agent already ran it) and the project's Lua rules, before
        // fingerprinting: a rule may classify, set attributes or choose the fault group. Classifiers and
        // attributes reach the index; the stored body stays byte for byte what the client sent.
        var analysis = IngestAnalysis.Run(snapshot, config);
        foreach (var failed in analysis.Modules.Where(m => m.Outcome != LuaModuleOutcome.Completed))
        {
            LogRuleFailed(logger, project, failed.Module, uuid, failed.Error);
        }

        var fingerprint = Fingerprint(snapshot, config);

        // Times are kept to the millisecond, the index's precision, so that a group rebuilt from the index
        // agrees exactly with one that folded the same snapshots live.
        var receivedAt = Milliseconds(receipt.ReceivedAt.ToUniversalTime());
        var occurredAt = snapshot.Timestamp == default || snapshot.Timestamp > receivedAt ? receivedAt : Milliseconds(snapshot.Timestamp.ToUniversalTime());
        var classifiers = Classifiers(snapshot);

        // Body first: an index row must never point at a body that is not there. A crash between the two
        // leaves a stored body without a row; the client, never acknowledged, resubmits and completes it.
        await bodies.PutAsync(project, uuid, submission.Body);
        var recorded = await index.RecordAsync(new SnapshotRecord
        {
            Project = project,
            Uuid = uuid,
            Fingerprint = fingerprint.Fingerprint,
            FingerprintVersion = fingerprint.Version,
            OccurredAt = occurredAt,
            ReceivedAt = receivedAt,
            SourceFormat = receipt.SourceFormat,
            Application = snapshot.Application,
            ApplicationVersion = snapshot.ApplicationVersion,
            Hostname = snapshot.Host?.Hostname,
            Classifiers = classifiers,
            Attributes = snapshot.Attributes,
            Callstack = fingerprint.Signature,
            BodySize = submission.Body.Length,
        });

        // For a duplicate the group is still told, with the first submission's row: if the earlier attempt
        // failed between the index and the group, this completes it (the group ignores ordinals it has).
        var record = recorded.Record;
        var group = await _faultGroups.Get(GrainKeys.FaultGroup(project, record.Fingerprint))
            .RecordAsync(SnapshotOccurrences.From(record));

        if (recorded.GroupCreated)
        {
            LogNewGroup(logger, project, record.Fingerprint, uuid);
            metrics.FaultGroupCreated(project);
        }

        if (!recorded.Inserted)
        {
            metrics.DuplicateSnapshot(project);
        }
        else
        {
            metrics.SnapshotIngested(project);
            if (group.Regressed)
            {
                metrics.Regression(project);
            }
        }

        return new SnapshotIngestResult
        {
            Project = project,
            Uuid = uuid,
            Fingerprint = record.Fingerprint,
            FingerprintVersion = record.FingerprintVersion,
            Duplicate = !recorded.Inserted,
            NewGroup = recorded.GroupCreated,
            Regressed = recorded.Inserted && group.Regressed,
            Classifiers = record.Classifiers,
            GroupCount = group.Count,
        };
    }

    private static Snapshot Parse(byte[] body)
    {
        try
        {
            return SnapshotJson.Deserialize(body);
        }
        catch (SnapshotFormatException e)
        {
            throw new InvalidSnapshotException(e.Path, e.Reason);
        }
    }

    private static Snapshot Check(Snapshot snapshot, Guid uuid)
    {
        if (snapshot.Version != Snapshot.CurrentVersion)
        {
            throw new InvalidSnapshotException("$.version", $"snapshot format version {snapshot.Version} is not supported; this server reads version {Snapshot.CurrentVersion}");
        }

        if (snapshot.Uuid != uuid)
        {
            throw new InvalidSnapshotException("$.uuid", $"the snapshot's uuid {snapshot.Uuid:D} differs from the uuid it was submitted as, {uuid:D}");
        }

        return snapshot;
    }

    private FingerprintResult Fingerprint(Snapshot snapshot, ProjectIngestConfig config)
    {
        try
        {
            return Fingerprinter.Compute(snapshot, config.FingerprintVersion, fingerprintSettings.Get(config));
        }
        catch (ArgumentException e) when (e.ParamName == "snapshot")
        {
            throw new InvalidSnapshotException("$.fingerprint", $"a fingerprint override is at most {Fingerprinter.MaxOverrideLength} characters");
        }
    }

    /// <summary>The signal's classifier, then the snapshot's own: trimmed, without duplicates, bounded.</summary>
    private static List<string> Classifiers(Snapshot snapshot)
    {
        var classifiers = new List<string>();
        if (SignalClassifier.Classify(snapshot) is { } signal)
        {
            classifiers.Add(signal);
        }

        foreach (var raw in snapshot.Classifiers)
        {
            var classifier = raw?.Trim() ?? "";
            if (classifier.Length > MaxClassifierLength)
            {
                classifier = classifier[..MaxClassifierLength];
            }

            if (classifier.Length > 0 && !classifiers.Contains(classifier) && classifiers.Count < MaxClassifiers)
            {
                classifiers.Add(classifier);
            }
        }

        return classifiers;
    }

    private static DateTimeOffset Milliseconds(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    [LoggerMessage(Level = LogLevel.Information, Message = "New fault group {Fingerprint} in project {Project}, first snapshot {Uuid}")]
    private static partial void LogNewGroup(ILogger logger, string project, string fingerprint, Guid uuid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analysis rule {Rule} of project {Project} did not complete on snapshot {Uuid}: {Error}")]
    private static partial void LogRuleFailed(ILogger logger, string project, string rule, Guid uuid, string? error);
}
