using Backtrace.Capture.Delivery;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Capture.Tests.Delivery;

/// <summary>Outbox and submission against a real HTTP listener: nothing is lost when the server is down or refuses.</summary>
public sealed class DeliveryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"backtrace-outbox-{Guid.NewGuid():N}");

    private DeliveryOptions Options(Uri server) => new()
    {
        Server = server,
        Project = "demo",
        Token = "secret-token",
        InitialRetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    private static Snapshot Sample() => new() { Uuid = Guid.NewGuid(), Timestamp = DateTimeOffset.UtcNow, Application = "demo-app" };

    [Fact]
    public async Task Submit_PostsGzipJsonWithBearerTokenToTheProjectsSnapshotsEndpoint()
    {
        using var server = new RecordingServer();
        using var submitter = new SnapshotSubmitter(Options(server.Url));
        var snapshot = Sample();
        var result = await submitter.SubmitAsync(Outbox.Compress(snapshot), CancellationToken.None);

        Assert.Equal(SubmissionOutcome.Accepted, result.Outcome);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("/api/v1/projects/demo/snapshots", "Bearer secret-token", "gzip"), (request.Path, request.Authorization, request.Encoding));
        Assert.Equal(snapshot.Uuid, SnapshotJson.Deserialize(request.Json).Uuid);
    }

    [Fact]
    public async Task Drain_ServerDownThenUp_DeliversEverySnapshotExactlyOnce()
    {
        var outbox = new Outbox(new OutboxOptions { Directory = _directory });
        var uuids = Enumerable.Range(0, 3).Select(_ => { var s = Sample(); outbox.Enqueue(s); return s.Uuid; }).ToList();
        using var server = new RecordingServer { Status = 503 };
        using var submitter = new SnapshotSubmitter(Options(server.Url));
        var drainer = new OutboxDrainer(outbox, submitter, Options(server.Url), _ => { });

        Assert.Equal(3, await drainer.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(3, outbox.Pending().Count);

        server.Status = 202;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (outbox.Pending().Count > 0 && DateTime.UtcNow < deadline)
        {
            await drainer.DrainOnceAsync(CancellationToken.None);
            await Task.Delay(20);
        }

        Assert.Empty(outbox.Pending());
        var delivered = server.Requests.Where(r => r.Path.EndsWith("/snapshots", StringComparison.Ordinal)).Skip(3).Select(r => SnapshotJson.Deserialize(r.Json).Uuid).ToList();
        Assert.Equal(uuids.Order(), delivered.Order());
    }

    [Fact]
    public async Task Drain_ServerRefuses_MovesTheSnapshotToRejectedWithTheReason()
    {
        var outbox = new Outbox(new OutboxOptions { Directory = _directory });
        outbox.Enqueue(Sample());
        using var server = new RecordingServer { Status = 400 };
        using var submitter = new SnapshotSubmitter(Options(server.Url));
        var drainer = new OutboxDrainer(outbox, submitter, Options(server.Url), _ => { });

        await drainer.DrainOnceAsync(CancellationToken.None);

        Assert.Empty(outbox.Pending());
        Assert.Equal(1, drainer.Rejected);
        var reason = Assert.Single(Directory.GetFiles(Path.Combine(_directory, "rejected"), "*.reason.txt"));
        Assert.StartsWith("400 Bad Request", File.ReadAllText(reason));
    }

    [Fact]
    public void RecoverOrphans_FileLeftInFlightByAKilledAgent_IsQueuedAgain()
    {
        var outbox = new Outbox(new OutboxOptions { Directory = _directory });
        var file = outbox.Enqueue(Sample());
        Assert.NotNull(Outbox.Claim(file));
        Assert.Empty(outbox.Pending());

        Assert.Equal(1, new Outbox(new OutboxOptions { Directory = _directory }).RecoverOrphans());
        Assert.Equal([file], outbox.Pending());
    }

    [Fact]
    public void Enqueue_BeyondTheBounds_DropsTheOldestFirst()
    {
        var outbox = new Outbox(new OutboxOptions { Directory = _directory, MaxFiles = 2 });
        var first = outbox.Enqueue(Sample());
        var dropped = new List<string>();
        outbox.Enqueue(Sample(), dropped);
        var third = outbox.Enqueue(Sample(), dropped);

        Assert.Equal([first], dropped);
        Assert.Equal(2, outbox.Pending().Count);
        Assert.Contains(third, outbox.Pending());
    }

    [Fact]
    public void RetryDelay_GrowsExponentiallyWithJitterAndACap()
    {
        var initial = TimeSpan.FromSeconds(1);
        var maximum = TimeSpan.FromSeconds(60);
        Assert.InRange(RetryDelay.For(1, initial, maximum).TotalSeconds, 0.5, 1);
        Assert.InRange(RetryDelay.For(4, initial, maximum).TotalSeconds, 4, 8);
        Assert.InRange(RetryDelay.For(30, initial, maximum).TotalSeconds, 30, 60);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
