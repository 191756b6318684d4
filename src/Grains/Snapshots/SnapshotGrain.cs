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
/// Ingests one snapshot (see <see cref="ISnapshotGrain"/>). The grain keeps no state of its own: the body store
/// and the query index are the record, and both are idempotent by uuid (the first body is kept; the index
/// records a uuid once and returns the first row to later attempts), and the fault group ignores ordinals it
/// has folded. So the grain can be a local stateless worker: no grain-directory entry per snapshot, which at
/// thousands of snapshots a second is most of what an activation would cost. Concurrent submissions of one uuid
/// still count once. An activation deactivates <see cref="IdleLifetime"/> after its first ingest, so activations
/// do not pile up for the default collection age, yet a client retrying at once is served by the same one.
/// </summary>
[StatelessWorker(1)]
public sealed partial class SnapshotGrain(
    ISnapshotBodyStore bodies,
    ISnapshotIndex index,
    FingerprintSettingsCache fingerprintSettings,
    BacktraceMetrics metrics,
    ILogger<SnapshotGrain> logger) : Grain, ISnapshotGrain
{
    /// <summary>How long an activation stays after its first ingest.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(3);

    private const int MaxClassifiers = 32;
    private const int MaxClassifierLength = 64;

    private IGrainTimer? _expiry;

    /// <inheritdoc />
    public async Task<SnapshotIngestResult> IngestAsync(Immutable<byte[]> body, SnapshotReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var (project, uuid) = ParseKey();
        var snapshot = Parse(body.Value, uuid);
        var config = await GrainFactory.GetGrain<IProjectGrain>(project).GetIngestConfigAsync();
        var fingerprint = Fingerprint(snapshot, config);

        // Times are kept to the millisecond, the index's precision, so that a group rebuilt from the index
        // agrees exactly with one that folded the same snapshots live.
        var receivedAt = Milliseconds(receipt.ReceivedAt.ToUniversalTime());
        var occurredAt = snapshot.Timestamp == default || snapshot.Timestamp > receivedAt ? receivedAt : Milliseconds(snapshot.Timestamp.ToUniversalTime());
        var classifiers = Classifiers(snapshot);

        // Body first: an index row must never point at a body that is not there. A crash between the two
        // leaves a stored body without a row; the client, never acknowledged, resubmits and completes it.
        await bodies.PutAsync(project, uuid, body.Value);
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
            BodySize = body.Value.Length,
        });

        // For a duplicate the group is still told, with the first submission's row: if the earlier attempt
        // failed between the index and the group, this completes it (the group ignores ordinals it has).
        var record = recorded.Record;
        var group = await GrainFactory.GetGrain<IFaultGroupGrain>(GrainKeys.FaultGroup(project, record.Fingerprint))
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

        _expiry ??= this.RegisterGrainTimer(_ =>
        {
            DeactivateOnIdle();
            return Task.CompletedTask;
        }, IdleLifetime, Timeout.InfiniteTimeSpan);
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

    private (string Project, Guid Uuid) ParseKey()
    {
        var (project, id) = GrainKeys.Split(this.GetPrimaryKeyString());
        ProjectName.Validate(project);
        return Guid.TryParseExact(id, "D", out var uuid)
            ? (project, uuid)
            : throw new InvalidRequestException("uuid", $"'{id}' is not a uuid in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
    }

    private static Snapshot Parse(byte[] body, Guid uuid)
    {
        Snapshot snapshot;
        try
        {
            snapshot = SnapshotJson.Deserialize(body);
        }
        catch (SnapshotFormatException e)
        {
            throw new InvalidSnapshotException(e.Path, e.Reason);
        }

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
}
