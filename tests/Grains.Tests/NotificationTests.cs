using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Backtrace.Grains.FaultGroups;
using Backtrace.Grains.Notifications;
using Backtrace.TestSupport.Webhooks;

namespace Backtrace.Grains.Tests;

/// <summary>Webhook notifications end to end inside the cluster: a real snapshot ingest raises the event, the project's
/// outbox posts it over real HTTP to a receiver on 127.0.0.1, and the notification metrics are observed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NotificationTests(ClusterFixture fixture)
{
    private const string Secret = "s3cret-for-webhook-tests";
    private readonly BacktraceCluster _backtrace = fixture.Backtrace;

    private INotificationGrain Notifications(string project) => _backtrace.Grains.GetGrain<INotificationGrain>(project);

    [Fact]
    public async Task NewGroup_IsPostedSigned_AndLatencyAndDepthAreMeasured()
    {
        await using var receiver = WebhookReceiver.Start();
        var project = await _backtrace.NewProjectAsync();
        using var metrics = new NotificationMetricsListener(project);
        var webhook = await Notifications(project).AddWebhookAsync(new WebhookRequest { Url = receiver.Url.ToString(), Secret = Secret });
        Assert.True(webhook.Signed);

        var snapshot = Crashes.Segv("parse_header", "main");
        var ingested = await _backtrace.SubmitAsync(project, snapshot);
        var received = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1, "the new group's notification"));

        Assert.Equal(("POST", "/hook", "new_group", $"{ingested.Fingerprint}:new"),
            (received.Method, received.Path, received.Header("X-Backtrace-Event"), received.Header("X-Backtrace-Delivery")));
        Assert.StartsWith("application/json", received.Header("Content-Type"));
        AssertSigned(received, Secret);
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal(("new_group", project), (body.GetProperty("kind").GetString(), body.GetProperty("project").GetString()));
        var group = body.GetProperty("group");
        Assert.Equal((ingested.Fingerprint, "open", 1L, "parse_header"),
            (group.GetProperty("fingerprint").GetString(), group.GetProperty("state").GetString(), group.GetProperty("count").GetInt64(), group.GetProperty("top_frame").GetString()));
        Assert.Equal($"/api/v1/projects/{project}/groups/{ingested.Fingerprint}", group.GetProperty("path").GetString());
        Assert.Equal(snapshot.Uuid, body.GetProperty("snapshot").GetProperty("uuid").GetGuid());
        Assert.True(group.GetProperty("first_seen").GetDateTimeOffset() <= group.GetProperty("last_seen").GetDateTimeOffset());

        await Eventually.MatchesAsync(() => Task.FromResult(metrics.Latencies), l => l.Count == 1, "one latency measurement");
        var (seconds, integration) = Assert.Single(metrics.Latencies);
        Assert.Equal("webhook", integration);
        Assert.InRange(seconds, 0, 60);
        await Eventually.MatchesAsync(() => Task.FromResult(metrics.DepthChanges), d => d.Contains(1) && d.Sum() == 0,
            "the outbox depth to go up by one and back to zero");
        Assert.Equal(0, (await Notifications(project).GetWebhooksAsync()).Pending);
    }

    [Fact]
    public async Task ReceiverDown_IsRetriedWithBackoff_ThenDeliveredExactlyOnce()
    {
        await using var receiver = WebhookReceiver.Start(status: 503);
        var project = await _backtrace.NewProjectAsync();
        using var metrics = new NotificationMetricsListener(project);
        await Notifications(project).AddWebhookAsync(new WebhookRequest { Url = receiver.Url.ToString() });

        await _backtrace.SubmitAsync(project, Crashes.Segv("flaky_receiver", "main"));
        await receiver.WaitForAsync(r => r.Count >= 3, "three refused attempts");
        Assert.Equal(1, (await Notifications(project).GetWebhooksAsync()).Pending);
        Assert.Empty(metrics.Latencies);

        receiver.Status = 200;
        await receiver.WaitForAsync(r => r.Any(x => x.Acknowledged), "an acknowledged attempt");
        await Eventually.MatchesAsync(Notifications(project).GetWebhooksAsync, l => l.Pending == 0, "an empty outbox");

        // Nothing is left to send once the outbox is empty, so the count below is final.
        var received = receiver.Received;
        Assert.Single(received, r => r.Acknowledged);
        Assert.True(received[^1].Acknowledged, "no attempt after the acknowledgement");
        Assert.Single(received.Select(r => r.Header("X-Backtrace-Delivery")).Distinct());
        Assert.All(received, r => Assert.Null(r.Header("X-Backtrace-Signature")));

        // The latency is recorded once the removal from the outbox is durable, a moment after the outbox looks empty.
        await Eventually.MatchesAsync(() => Task.FromResult(metrics.Latencies), l => l.Count >= 1, "the delivery's latency");
        Assert.Single(metrics.Latencies);
    }

    [Fact]
    public async Task ResolvedThenRegressed_SendsStateChangeAndRegression()
    {
        await using var receiver = WebhookReceiver.Start();
        var project = await _backtrace.NewProjectAsync();
        await Notifications(project).AddWebhookAsync(new WebhookRequest { Url = receiver.Url.ToString() });
        var fingerprint = (await _backtrace.SubmitAsync(project, Crashes.Segv("regressing", "main"))).Fingerprint;
        await _backtrace.Grains.GetGrain<IFaultGroupGrain>(GrainKeys.FaultGroup(project, fingerprint))
            .ChangeStatusAsync(new FaultGroupStatusChange { Status = FaultGroupStatus.Resolved, ChangedBy = "test" });
        var reopening = Crashes.Segv("regressing", "main");
        Assert.True((await _backtrace.SubmitAsync(project, reopening, DateTimeOffset.UtcNow.AddSeconds(5))).Regressed);

        var received = await receiver.WaitForAsync(r => r.Count >= 3, "new group, state change and regression");
        Assert.Equal(["new_group", "state_changed", "regression"], received.Select(r => r.Header("X-Backtrace-Event")));
        var resolved = JsonDocument.Parse(received[1].Body).RootElement.GetProperty("group");
        Assert.Equal(("resolved", "open"), (resolved.GetProperty("state").GetString(), resolved.GetProperty("previous_state").GetString()));
        var regression = JsonDocument.Parse(received[2].Body).RootElement;
        Assert.Equal(("open", "resolved", 2L), (regression.GetProperty("group").GetProperty("state").GetString(),
            regression.GetProperty("group").GetProperty("previous_state").GetString(), regression.GetProperty("group").GetProperty("count").GetInt64()));
        Assert.Equal(reopening.Uuid, regression.GetProperty("snapshot").GetProperty("uuid").GetGuid());
    }

    [Fact]
    public async Task SameEventRaisedTwice_IsDeliveredOnce_ToEveryWebhook()
    {
        await using var first = WebhookReceiver.Start();
        await using var second = WebhookReceiver.Start();
        var project = await _backtrace.NewProjectAsync();
        await Notifications(project).AddWebhookAsync(new WebhookRequest { Url = first.Url.ToString() });
        await Notifications(project).AddWebhookAsync(new WebhookRequest { Url = second.Url.ToString() });
        var notification = new NotificationEvent
        {
            Id = "fp:new", Kind = NotificationKind.NewGroup, Project = project, Fingerprint = "fp", OccurredAt = DateTimeOffset.UtcNow,
            FirstSeen = DateTimeOffset.UtcNow, LastSeen = DateTimeOffset.UtcNow, Count = 1, Status = FaultGroupStatus.Open,
        };

        await Notifications(project).EnqueueAsync(notification);
        await Notifications(project).EnqueueAsync(notification);
        await Eventually.MatchesAsync(Notifications(project).GetWebhooksAsync, l => l.Pending == 0, "an empty outbox");
        Assert.Single(first.Received);
        Assert.Single(second.Received);
    }

    [Fact]
    public async Task RemovedWebhook_GetsNothingMore_AndUnknownIdIsNotFound()
    {
        await using var receiver = WebhookReceiver.Start(status: 503);
        var project = await _backtrace.NewProjectAsync();
        var webhook = await Notifications(project).AddWebhookAsync(new WebhookRequest { Url = receiver.Url.ToString() });
        await _backtrace.SubmitAsync(project, Crashes.Segv("removed_hook", "main"));
        await receiver.WaitForAsync(r => r.Count >= 1, "a refused attempt");

        await Notifications(project).RemoveWebhookAsync(webhook.Id);
        var list = await Notifications(project).GetWebhooksAsync();
        Assert.Equal((0, 0), (list.Webhooks.Count, list.Pending));
        await Assert.ThrowsAsync<WebhookNotFoundException>(() => Notifications(project).RemoveWebhookAsync(webhook.Id));
    }

    [Theory]
    [InlineData("hooks/backtrace", "url", "is not an absolute URL")]
    [InlineData("ftp://hooks.example.com/x", "url", "the scheme is 'ftp'")]
    [InlineData("file:///etc/passwd", "url", "is not an absolute URL")]
    [InlineData("https://user:pw@hooks.example.com/x", "url", "user name or password")]
    [InlineData("https://hooks.example.com/x#part", "url", "fragment")]
    [InlineData("", "url", "required")]
    public async Task BadUrl_IsRefusedWithTheReason(string url, string field, string reason)
    {
        var project = await _backtrace.NewProjectAsync();
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => Notifications(project).AddWebhookAsync(new WebhookRequest { Url = url }));
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
        Assert.Empty((await Notifications(project).GetWebhooksAsync()).Webhooks);
    }

    [Fact]
    public async Task OverlongUrl_WeakSecret_AndTooManyWebhooks_AreRefused()
    {
        var project = await _backtrace.NewProjectAsync();
        var grain = Notifications(project);
        var tooLong = await Assert.ThrowsAsync<InvalidRequestException>(() => grain.AddWebhookAsync(new WebhookRequest { Url = "https://h.example.com/" + new string('a', 2100) }));
        Assert.Contains("at most 2048 characters", tooLong.Reason);
        var weak = await Assert.ThrowsAsync<InvalidRequestException>(() => grain.AddWebhookAsync(new WebhookRequest { Url = "https://h.example.com/", Secret = "short" }));
        Assert.Equal("secret", weak.Field);
        var spaced = await Assert.ThrowsAsync<InvalidRequestException>(() => grain.AddWebhookAsync(new WebhookRequest { Url = "https://h.example.com/", Secret = "a secret with spaces in it" }));
        Assert.Equal("secret", spaced.Field);

        for (var i = 0; i < 10; i++)
        {
            await grain.AddWebhookAsync(new WebhookRequest { Url = $"https://h{i}.example.com/hook" });
        }

        var tooMany = await Assert.ThrowsAsync<InvalidRequestException>(() => grain.AddWebhookAsync(new WebhookRequest { Url = "https://h.example.com/" }));
        Assert.Contains("at most 10 webhooks", tooMany.Reason);
        Assert.Equal(10, (await grain.GetWebhooksAsync()).Webhooks.Count);
    }

    /// <summary>Checks the signature independently of the server's code: HMAC-SHA256 of "timestamp.body".</summary>
    internal static void AssertSigned(ReceivedWebhook received, string secret)
    {
        var timestamp = received.Header("X-Backtrace-Timestamp") ?? throw new Xunit.Sdk.XunitException("no X-Backtrace-Timestamp header");
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(received.Body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        Assert.Equal(expected, received.Header("X-Backtrace-Signature"));
    }
}
