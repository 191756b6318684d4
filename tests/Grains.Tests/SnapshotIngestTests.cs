using System.Text;
using Backtrace.Grains.Snapshots;
using Backtrace.Snapshots.Json;
using Backtrace.Storage.Bodies;
using Backtrace.Storage.Index;

namespace Backtrace.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SnapshotIngestTests(ClusterFixture fixture)
{
    private readonly BacktraceCluster _backtrace = fixture.Backtrace;

    [Fact]
    public async Task Ingest_StoresBodyAndIndexRow_AndStartsAGroup()
    {
        var project = await _backtrace.NewProjectAsync();
        var snapshot = Crashes.Segv("raise", "abort", "parse_header", "serve", "main");
        var body = SnapshotJson.Serialize(snapshot);
        var result = await _backtrace.SubmitAsync(project, snapshot.Uuid, body);

        Assert.Equal((false, true, false, 1L, 1), (result.Duplicate, result.NewGroup, result.Regressed, result.GroupCount, result.FingerprintVersion));
        Assert.Matches("^[0-9a-f]{64}$", result.Fingerprint);
        Assert.Equal(["segv", "null-dereference"], result.Classifiers);

        await using (var stored = await _backtrace.Service<ISnapshotBodyStore>().OpenReadAsync(project, snapshot.Uuid))
        {
            using var copy = new MemoryStream();
            await stored!.CopyToAsync(copy);
            Assert.Equal(body, copy.ToArray());
        }

        var row = await _backtrace.Service<ISnapshotIndex>().GetAsync(project, snapshot.Uuid);
        Assert.Equal((result.Fingerprint, 1L, "demo", "box-1"), (row!.Fingerprint, row.GroupOrdinal, row.Application, row.Hostname));
        Assert.Equal(["parse_header", "serve", "main"], row.Callstack);
    }

    [Fact]
    public async Task SameUuidTwice_IsStoredAndCountedOnce()
    {
        var project = await _backtrace.NewProjectAsync();
        var snapshot = Crashes.Segv("crash", "main");
        var first = await _backtrace.SubmitAsync(project, snapshot);
        var again = await _backtrace.SubmitAsync(project, snapshot);
        Assert.True(again.Duplicate);
        Assert.False(again.NewGroup);
        Assert.Equal((first.Fingerprint, 1L), (again.Fingerprint, again.GroupCount));
        Assert.Equal(1, (await _backtrace.Service<IFaultGroupIndex>().GetAsync(project, first.Fingerprint))!.Count);
    }

    [Fact]
    public async Task SameUuidConcurrently_IsCountedOnce()
    {
        var project = await _backtrace.NewProjectAsync();
        var snapshot = Crashes.Segv("race", "main");
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _backtrace.SubmitAsync(project, snapshot)));
        Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.Equal(1, r.GroupCount));
    }

    [Fact]
    public async Task EquivalentStacks_Group_DifferentStacks_DoNot()
    {
        var project = await _backtrace.NewProjectAsync();
        var a1 = await _backtrace.SubmitAsync(project, Crashes.Segv("parse_header(char const*)", "serve", "main"));
        var a2 = await _backtrace.SubmitAsync(project, Crashes.Segv("parse_header(char const*) [clone .isra.0]", "serve", "main"));
        var b = await _backtrace.SubmitAsync(project, Crashes.Segv("parse_body", "serve", "main"));
        Assert.Equal(a1.Fingerprint, a2.Fingerprint);
        Assert.Equal((2L, false), (a2.GroupCount, a2.NewGroup));
        Assert.NotEqual(a1.Fingerprint, b.Fingerprint);
        Assert.True(b.NewGroup);
    }

    [Fact]
    public async Task Classification_FollowsTheSignal()
    {
        var project = await _backtrace.NewProjectAsync();
        Assert.Equal("abort", (await _backtrace.SubmitAsync(project, Crashes.Signal(6, "SIGABRT", "f"))).Classifiers[0]);
        Assert.Equal("fpe", (await _backtrace.SubmitAsync(project, Crashes.Signal(8, "", "f"))).Classifiers[0]);
        Assert.Equal("bus", (await _backtrace.SubmitAsync(project, Crashes.Signal(7, "SIGBUS", "f"))).Classifiers[0]);
    }

    [Fact]
    public async Task FingerprintOverride_JoinsExactlyThatGroup()
    {
        var project = await _backtrace.NewProjectAsync();
        var one = Crashes.Segv("a");
        var two = Crashes.Segv("b");
        one.Fingerprint = two.Fingerprint = "checkout-timeout";
        var first = await _backtrace.SubmitAsync(project, one);
        var second = await _backtrace.SubmitAsync(project, two);
        Assert.Equal((first.Fingerprint, 0, 2L), (second.Fingerprint, second.FingerprintVersion, second.GroupCount));
    }

    [Fact]
    public async Task InTheGatewaysProcess_TheGatewaysParseIsUsed_NotParsedAgain()
    {
        // The embedded server calls the grain in its own process: the submission is passed by reference, with
        // the snapshot the gateway parsed. Here that parse differs from the body (it has a fingerprint override),
        // which shows which of the two the grain used.
        var project = await _backtrace.NewProjectAsync();
        var snapshot = Crashes.Segv("in_process", "main");
        var body = SnapshotJson.Serialize(snapshot);
        var parsed = SnapshotJson.Deserialize(body);
        parsed.Fingerprint = "handed-over";
        var inSilo = _backtrace.Service<IGrainFactory>();

        var result = await inSilo.GetGrain<ISnapshotGrain>(project).IngestAsync(
            new SnapshotSubmission { Uuid = snapshot.Uuid, Body = body, Parsed = parsed },
            new SnapshotReceipt { ReceivedAt = DateTimeOffset.UtcNow, SourceFormat = "native" });

        Assert.Equal(0, result.FingerprintVersion);
        Assert.Equal(["handed-over"], (await _backtrace.Service<ISnapshotIndex>().GetAsync(project, snapshot.Uuid))!.Callstack);
    }

    [Fact]
    public async Task FromAnotherProcess_OnlyTheBodyTravels_AndTheGrainParsesIt()
    {
        var snapshot = Crashes.Segv("remote", "main");
        var submission = new SnapshotSubmission { Uuid = snapshot.Uuid, Body = SnapshotJson.Serialize(snapshot), Parsed = snapshot };

        var serializer = _backtrace.Service<Orleans.Serialization.Serializer>();
        var received = serializer.Deserialize<SnapshotSubmission>(serializer.SerializeToArray(submission));
        Assert.Equal(submission.Uuid, received!.Uuid);
        Assert.Equal(submission.Body, received.Body);
        Assert.Null(received.Parsed);

        // The test cluster's client is outside the silo: this call is serialized like a gateway's in cluster mode.
        var project = await _backtrace.NewProjectAsync();
        var result = await _backtrace.Grains.GetGrain<ISnapshotGrain>(project).IngestAsync(
            submission, new SnapshotReceipt { ReceivedAt = DateTimeOffset.UtcNow, SourceFormat = "native" });
        Assert.Equal((1, 1L), (result.FingerprintVersion, result.GroupCount));
    }

    [Fact]
    public async Task MalformedBody_IsRejectedWithAPath_AndNothingIsWritten()
    {
        var project = await _backtrace.NewProjectAsync();
        var uuid = Guid.NewGuid();
        var error = await Assert.ThrowsAsync<InvalidSnapshotException>(
            () => _backtrace.SubmitAsync(project, uuid, Encoding.UTF8.GetBytes($$"""{"uuid":"{{uuid}}","threads":[{"tid":"seven"}]}""")));
        Assert.Equal("$.threads[0].tid", error.Path);
        Assert.Equal(DomainErrorKind.Invalid, error.Kind);
        Assert.False(await _backtrace.Service<ISnapshotBodyStore>().ExistsAsync(project, uuid));
        Assert.Null(await _backtrace.Service<ISnapshotIndex>().GetAsync(project, uuid));
    }

    [Fact]
    public async Task UuidDifferentFromTheKey_IsRejected()
    {
        var project = await _backtrace.NewProjectAsync();
        var snapshot = Crashes.Segv("f");
        var error = await Assert.ThrowsAsync<InvalidSnapshotException>(
            () => _backtrace.SubmitAsync(project, Guid.NewGuid(), SnapshotJson.Serialize(snapshot)));
        Assert.Equal("$.uuid", error.Path);
    }

    [Fact]
    public async Task UnsupportedVersion_IsRejected()
    {
        var project = await _backtrace.NewProjectAsync();
        var snapshot = Crashes.Segv("f");
        snapshot.Version = 2;
        Assert.Equal("$.version", (await Assert.ThrowsAsync<InvalidSnapshotException>(() => _backtrace.SubmitAsync(project, snapshot))).Path);
    }

    [Fact]
    public async Task OverlongFingerprintOverride_IsRejected()
    {
        var project = await _backtrace.NewProjectAsync();
        var snapshot = Crashes.Segv("f");
        snapshot.Fingerprint = new string('x', 300);
        Assert.Equal("$.fingerprint", (await Assert.ThrowsAsync<InvalidSnapshotException>(() => _backtrace.SubmitAsync(project, snapshot))).Path);
    }

    [Fact]
    public async Task UnknownProject_IsRejected_AndNothingIsWritten()
    {
        var snapshot = Crashes.Segv("f");
        await Assert.ThrowsAsync<ProjectNotFoundException>(() => _backtrace.SubmitAsync("no-such-project", snapshot));
        Assert.False(await _backtrace.Service<ISnapshotBodyStore>().ExistsAsync("no-such-project", snapshot.Uuid));
    }

    [Fact]
    public async Task FutureTimestamp_IsClampedToTheReceiptTime()
    {
        var project = await _backtrace.NewProjectAsync();
        var snapshot = Crashes.Segv("time_travel");
        snapshot.Timestamp = DateTimeOffset.UtcNow.AddYears(5);
        var received = DateTimeOffset.UtcNow;
        await _backtrace.SubmitAsync(project, snapshot, received);
        var row = await _backtrace.Service<ISnapshotIndex>().GetAsync(project, snapshot.Uuid);
        Assert.Equal(received.ToUnixTimeMilliseconds(), row!.OccurredAt.ToUnixTimeMilliseconds());
    }
}
