using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Backtrace.Gateway.Tests.Infrastructure;
using Backtrace.TestSupport.Webhooks;

namespace Backtrace.Gateway.Tests;

/// <summary>Webhooks configured over HTTP on the real server process, fed by real snapshot submissions, delivered to a
/// real receiver on 127.0.0.1; through a receiver outage and through a SIGKILL of the server.</summary>
public sealed class WebhookDeliveryTests : IDisposable
{
    private const string Secret = "e2e-webhook-signing-secret";
    private readonly string _dataDirectory = ServerOptions.NewDataDirectory();

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private ServerOptions Options(string project) => new()
    {
        DataDirectory = _dataDirectory,
        Project = project,
        Settings = new Dictionary<string, string>
        {
            ["Backtrace:Notifications:RetryInitialDelay"] = "00:00:00.200",
            ["Backtrace:Notifications:RetryMaxDelay"] = "00:00:01",
        },
    };

    [Fact]
    public async Task ReceiverDownThenUp_GetsTheSignedNotificationExactlyOnce()
    {
        await using var receiver = WebhookReceiver.Start(status: 503);
        var options = Options("hooks");
        await using var server = await ServerProcess.StartAsync(options);
        using var client = server.CreateClient();
        await AddWebhookAsync(client, options, receiver);

        var uuid = Guid.NewGuid();
        using var submitted = await client.PostSnapshotAsync(options.Project, options.Token, TestSnapshots.Native(uuid, "webhook_e2e", "main"));
        var fingerprint = (await Api.JsonBodyAsync(submitted, HttpStatusCode.Created)).GetProperty("fingerprint").GetString();
        await receiver.WaitForAsync(r => r.Count >= 2, "two refused attempts");
        receiver.Status = 200;
        await receiver.WaitForAsync(r => r.Any(x => x.Acknowledged), "the acknowledged delivery");
        await Eventually.AssertAsync(async () =>
        {
            var list = await client.GetJsonAsync($"/api/v1/projects/{options.Project}/webhooks", options.AdminToken);
            Assert.Equal(0, list.GetProperty("pending").GetInt32());
            return true;
        });

        var received = receiver.Received;
        var delivered = Assert.Single(received, r => r.Acknowledged);
        Assert.Same(delivered, received[^1]);
        Assert.All(received, r => Assert.Equal($"{fingerprint}:new", r.Header("X-Backtrace-Delivery")));
        AssertSigned(delivered);
        var body = JsonDocument.Parse(delivered.Body).RootElement;
        Assert.Equal(("new_group", "hooks", fingerprint, uuid),
            (body.GetProperty("kind").GetString(), body.GetProperty("project").GetString(),
             body.GetProperty("group").GetProperty("fingerprint").GetString(), body.GetProperty("snapshot").GetProperty("uuid").GetGuid()));
        Assert.Equal("webhook_e2e", body.GetProperty("group").GetProperty("top_frame").GetString());
    }

    [Fact]
    public async Task PendingNotification_SurvivesAKillOfTheServer()
    {
        await using var receiver = WebhookReceiver.Start(status: 503);
        var options = Options("killed");
        string? fingerprint;
        await using (var server = await ServerProcess.StartAsync(options))
        {
            using var client = server.CreateClient();
            await AddWebhookAsync(client, options, receiver);
            using var submitted = await client.PostSnapshotAsync(options.Project, options.Token, TestSnapshots.Native(Guid.NewGuid(), "killed_before_delivery"));
            fingerprint = (await Api.JsonBodyAsync(submitted, HttpStatusCode.Created)).GetProperty("fingerprint").GetString();
            await receiver.WaitForAsync(r => r.Count >= 1, "a refused attempt before the kill");
            server.Kill();
        }

        receiver.Status = 200;
        await using (var server = await ServerProcess.StartAsync(options))
        {
            // Nothing is submitted after the restart: the outbox resumes on its own.
            var received = await receiver.WaitForAsync(r => r.Any(x => x.Acknowledged), "the pending notification after the restart");
            var delivered = Assert.Single(received, r => r.Acknowledged);
            Assert.Equal($"{fingerprint}:new", delivered.Header("X-Backtrace-Delivery"));
            AssertSigned(delivered);
        }
    }

    private static async Task AddWebhookAsync(HttpClient client, ServerOptions options, WebhookReceiver receiver)
    {
        using var added = await client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{options.Project}/webhooks", options.AdminToken,
            new StringContent($$"""{"url":"{{receiver.Url}}","secret":"{{Secret}}"}""", Encoding.UTF8, "application/json"));
        Assert.True((await Api.JsonBodyAsync(added, HttpStatusCode.Created)).GetProperty("signed").GetBoolean());
    }

    /// <summary>Verifies the signature as a receiver would: HMAC-SHA256 of "timestamp.body" with the shared secret.</summary>
    private static void AssertSigned(ReceivedWebhook received)
    {
        var timestamp = received.Header("X-Backtrace-Timestamp");
        Assert.NotNull(timestamp);
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(received.Body).ToArray();
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed)), received.Header("X-Backtrace-Signature"));
    }
}
