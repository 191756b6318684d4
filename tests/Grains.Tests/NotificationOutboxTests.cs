using Backtrace.Grains.FaultGroups;
using Backtrace.Grains.Notifications;
using Backtrace.TestSupport.Webhooks;
using Orleans.Core.Internal;

namespace Backtrace.Grains.Tests;

/// <summary>The outbox across a restart of the cluster, and its bound. Each test runs its own clusters on its own data directory.</summary>
public sealed class NotificationOutboxTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "backtrace-outbox-tests", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task PendingNotification_IsDeliveredAfterTheClusterRestarts_WithoutAnyNewEvent()
    {
        await using var receiver = WebhookReceiver.Start(status: 503);
        string project, fingerprint;
        await using (var before = await BacktraceCluster.StartAsync(_dataDirectory, TimeSpan.FromSeconds(1)))
        {
            project = await before.NewProjectAsync();
            await before.Grains.GetGrain<INotificationGrain>(project).AddWebhookAsync(new WebhookRequest { Url = receiver.Url.ToString() });
            fingerprint = (await before.SubmitAsync(project, Crashes.Segv("survives_restart", "main"))).Fingerprint;
            await receiver.WaitForAsync(r => r.Count >= 1, "a refused attempt before the restart");
            Assert.Equal(1, (await before.Grains.GetGrain<INotificationGrain>(project).GetWebhooksAsync()).Pending);
        }

        var refusedBeforeRestart = receiver.Received.Count;
        receiver.Status = 200;
        await using var after = await BacktraceCluster.StartAsync(_dataDirectory, TimeSpan.FromSeconds(1));
        var received = await receiver.WaitForAsync(r => r.Any(x => x.Acknowledged), "the pending notification after the restart");
        Assert.Equal($"{fingerprint}:new", received[^1].Header("X-Backtrace-Delivery"));
        Assert.All(received.Take(refusedBeforeRestart), r => Assert.Equal(503, r.AnsweredStatus));
        await Eventually.MatchesAsync(after.Grains.GetGrain<INotificationGrain>(project).GetWebhooksAsync, l => l.Pending == 0, "an empty outbox");
        Assert.Single(receiver.Received, r => r.Acknowledged);
    }

    [Fact]
    public async Task OutboxWhoseActivationWasLost_IsWokenAgain_AndDelivers()
    {
        await using var receiver = WebhookReceiver.Start(status: 503);
        await using var backtrace = await BacktraceCluster.StartAsync(_dataDirectory, TimeSpan.FromSeconds(1),
            new Dictionary<string, string> { ["Backtrace:Notifications:WakeInterval"] = "00:00:01" });
        var project = await backtrace.NewProjectAsync();
        var notifications = backtrace.Grains.GetGrain<INotificationGrain>(project);
        await notifications.AddWebhookAsync(new WebhookRequest { Url = receiver.Url.ToString() });
        await backtrace.SubmitAsync(project, Crashes.Segv("lost_activation", "main"));
        await receiver.WaitForAsync(r => r.Count >= 1, "a refused attempt");

        // What a dead silo does to the outbox's activation: gone, with its timer, and nothing calls it again.
        // (With WakeInterval 0 this test times out: only the periodic wake brings the outbox back.)
        await notifications.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        receiver.Status = 200;
        await receiver.WaitForAsync(r => r.Any(x => x.Acknowledged), "delivery after the periodic wake");
    }

    [Fact]
    public async Task FullOutbox_DropsTheOldest_CountsThem_AndTakesThemOffTheDepth()
    {
        await using var receiver = WebhookReceiver.Start(status: 503);
        await using var backtrace = await BacktraceCluster.StartAsync(_dataDirectory, TimeSpan.FromSeconds(1),
            new Dictionary<string, string> { ["Backtrace:Notifications:MaxOutboxEntries"] = "3", ["Backtrace:Notifications:RetryInitialDelay"] = "00:01:00", ["Backtrace:Notifications:RetryMaxDelay"] = "00:05:00" });
        var project = await backtrace.NewProjectAsync();
        using var metrics = new NotificationMetricsListener(project);
        var notifications = backtrace.Grains.GetGrain<INotificationGrain>(project);
        await notifications.AddWebhookAsync(new WebhookRequest { Url = receiver.Url.ToString() });
        for (var i = 0; i < 5; i++)
        {
            await backtrace.SubmitAsync(project, Crashes.Segv($"crash_{i}", "main"));
        }

        var list = await notifications.GetWebhooksAsync();
        Assert.Equal((3, 2L), (list.Pending, list.Dropped));
        Assert.Equal(3, metrics.DepthChanges.Sum());
        Assert.Contains(-1, metrics.DepthChanges);
    }
}
