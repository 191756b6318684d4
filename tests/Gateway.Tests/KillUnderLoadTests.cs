using System.Collections.Concurrent;
using System.Net;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>
/// SIGKILL while 16 submissions are in flight, so that group commits of bodies and index rows are cut mid-batch:
/// every acknowledged snapshot must come back byte for byte and counted, and nothing the server kept may be
/// half-written (every snapshot a group lists must download).
/// </summary>
public sealed class KillUnderLoadTests : IDisposable
{
    private const int Workers = 16;
    private const int AcknowledgedBeforeKill = 150;

    private readonly string _dataDirectory = ServerOptions.NewDataDirectory();

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task KilledMidBatch_LosesNothingAcknowledged_AndCorruptsNothing()
    {
        var options = new ServerOptions { DataDirectory = _dataDirectory, Project = "killed" };
        var stacks = Enumerable.Range(0, 5).Select(i => $"crash_{i}_{Guid.NewGuid():N}").ToArray();
        var acknowledged = new ConcurrentDictionary<Guid, (byte[] Body, string Fingerprint)>();

        await using (var server = await ServerProcess.StartAsync(options))
        {
            using var client = server.CreateClient();
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                for (var i = w; !stop.IsCancellationRequested; i++)
                {
                    var uuid = Guid.NewGuid();
                    var body = TestSnapshots.Native(uuid, stacks[i % stacks.Length], "main");
                    try
                    {
                        using var response = await client.PostSnapshotAsync(options.Project, options.Token, body);
                        var json = await Api.JsonBodyAsync(response, HttpStatusCode.Created);
                        acknowledged[uuid] = (body, json.GetProperty("fingerprint").GetString()!);
                    }
                    catch (HttpRequestException)
                    {
                        return; // The server is gone: this request was never acknowledged.
                    }
                }
            })).ToArray();

            await Eventually.AssertAsync(() => Assert.True(acknowledged.Count >= AcknowledgedBeforeKill,
                $"{acknowledged.Count} of {AcknowledgedBeforeKill} submissions acknowledged so far"), TimeSpan.FromSeconds(120));
            server.Kill();
            stop.Cancel();
            await Task.WhenAll(workers);
        }

        await using (var server = await ServerProcess.StartAsync(options))
        {
            using var client = server.CreateClient();
            foreach (var (uuid, (body, _)) in acknowledged)
            {
                using var download = await client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{options.Project}/snapshots/{uuid}", options.Token);
                Assert.True(download.StatusCode == HttpStatusCode.OK, $"acknowledged snapshot {uuid} answers {(int)download.StatusCode} after the kill");
                Assert.Equal(body, await download.Content.ReadAsByteArrayAsync());
            }

            foreach (var group in acknowledged.Values.GroupBy(a => a.Fingerprint))
            {
                var details = await client.GetJsonAsync($"/api/v1/projects/{options.Project}/groups/{group.Key}", options.Token);
                Assert.InRange(details.GetProperty("count").GetInt64(), group.Count(), long.MaxValue);

                // The most recent snapshots are the ones recorded around the kill: each one's body must be whole.
                foreach (var recent in details.GetProperty("recent_snapshots").EnumerateArray())
                {
                    using var download = await client.SendAsync(HttpMethod.Get, recent.GetProperty("url").GetString()!, options.Token);
                    Assert.True(download.StatusCode == HttpStatusCode.OK, $"snapshot {recent.GetProperty("uuid")} of group {group.Key} has no body");
                    Assert.NotNull(Backtrace.Snapshots.Json.SnapshotJson.Deserialize(await download.Content.ReadAsByteArrayAsync()));
                }
            }

            // Still idempotent for what was acknowledged, and still taking new snapshots.
            var (firstBody, firstFingerprint) = acknowledged.First().Value;
            using var again = await client.PostSnapshotAsync(options.Project, options.Token, firstBody);
            Assert.Equal(firstFingerprint, (await Api.JsonBodyAsync(again, HttpStatusCode.OK)).GetProperty("fingerprint").GetString());
            using var fresh = await client.PostSnapshotAsync(options.Project, options.Token, TestSnapshots.Native(Guid.NewGuid(), stacks[0], "main"));
            await Api.JsonBodyAsync(fresh, HttpStatusCode.Created);
        }
    }
}
