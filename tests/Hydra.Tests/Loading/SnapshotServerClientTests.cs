using System.Net;
using System.Net.Sockets;
using System.Text;
using Backtrace.Hydra.Cli;
using Backtrace.Hydra.Loading;
using Backtrace.Hydra.Tests.Support;
using Backtrace.Snapshots.Json;

namespace Backtrace.Hydra.Tests.Loading;

public sealed class SnapshotServerClientTests : IAsyncLifetime
{
    private static readonly Guid Id = TestSnapshots.Crash().Uuid;
    private readonly TestHttpServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ServerSnapshotRequest Request(Uri? server = null) => new(server ?? _server.Address, "s3cret", "demo app", Id);

    private Task<Backtrace.Snapshots.Model.Snapshot> Fetch(LoadLimits? limits = null, Uri? server = null) =>
        new SnapshotServerClient().FetchAsync(Request(server), limits ?? new LoadLimits());

    [Fact]
    public async Task Fetch_SendsTheBearerTokenToTheSnapshotAddress_AndDecodesTheBody()
    {
        _server.Respond = (_, stream, token) => TestHttpServer.Reply(stream, 200, "application/json", SnapshotJson.Serialize(TestSnapshots.Crash()), token);

        var snapshot = await Fetch();

        Assert.Equal(TestSnapshots.FaultingTid, snapshot.FaultingThread?.Tid);
        var head = Assert.Single(_server.Requests);
        Assert.StartsWith($"GET /api/v1/projects/demo%20app/snapshots/{Id:D}?view=analysed HTTP/1.1\r\n", head);
        Assert.Contains("Authorization: Bearer s3cret\r\n", head);
    }

    [Theory]
    [InlineData(401, "rejected the token (401 Unauthorized) (the token is unknown): check --token or BACKTRACE_TOKEN")]
    [InlineData(403, "the token may not read project 'demo app' on {server} (403 Forbidden) (the token is unknown)")]
    [InlineData(404, "snapshot 0c2b9f4e-3d1a-4e5b-8f6a-7b8c9d0e1f20 was not found in project 'demo app' on {server} (404 Not Found) (the token is unknown)")]
    [InlineData(500, "{server} answered 500 InternalServerError (the token is unknown)")]
    public async Task Fetch_Refusal_IsExplainedWithTheServersDetail(int status, string expected)
    {
        _server.Respond = (_, stream, token) => TestHttpServer.Problem(stream, status, "the token is unknown", token);

        var error = await Assert.ThrowsAsync<HydraException>(() => Fetch());

        Assert.EndsWith(expected.Replace("{server}", _server.Address.ToString(), StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task Fetch_NobodyListening_SaysTheServerCannotBeReached()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        listener.Stop();

        var error = await Assert.ThrowsAsync<HydraException>(() => Fetch(server: closed));

        Assert.Equal($"cannot reach {closed}: Connection refused", error.Message);
    }

    [Fact]
    public async Task Fetch_ServerThatNeverAnswers_TimesOut()
    {
        _server.Respond = (_, _, token) => Task.Delay(Timeout.Infinite, token);

        var error = await Assert.ThrowsAsync<HydraException>(() => Fetch(new LoadLimits { FetchTimeout = TimeSpan.FromSeconds(1) }));

        Assert.Equal($"{_server.Address} did not send the snapshot within 1 s", error.Message);
    }

    [Fact]
    public async Task Fetch_DeclaredLengthOverTheLimit_IsRefusedBeforeReading()
    {
        _server.Respond = async (_, stream, token) =>
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{"), token);

        var error = await Assert.ThrowsAsync<HydraException>(() => Fetch(new LoadLimits { MaxBytes = 1024 * 1024 }));

        Assert.Equal($"snapshot {Id} from {_server.Address} is larger than the 1 MiB limit (raise it with --max-size)", error.Message);
    }

    [Fact]
    public async Task Fetch_UndeclaredBodyOverTheLimit_IsCutOff()
    {
        _server.Respond = async (_, stream, token) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"), token);
            var chunk = new byte[64 * 1024];
            for (var sent = 0; sent < 4 * 1024 * 1024; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk, token);
            }
        };

        var error = await Assert.ThrowsAsync<HydraException>(() => Fetch(new LoadLimits { MaxBytes = 1024 * 1024 }));

        Assert.EndsWith("is larger than the 1 MiB limit (raise it with --max-size)", error.Message);
    }

    [Fact]
    public async Task Fetch_BodyThatIsNotASnapshot_NamesTheField()
    {
        _server.Respond = (_, stream, token) => TestHttpServer.Reply(stream, 200, "application/json", """{"version":1,"threads":[{"tid":"one"}]}"""u8.ToArray(), token);

        var error = await Assert.ThrowsAsync<HydraException>(() => Fetch());

        Assert.StartsWith($"snapshot {Id} from {Request().SnapshotUri} is not a valid snapshot: $.threads[0].tid: ", error.Message);
    }
}
