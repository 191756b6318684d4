using System.Text;

namespace Backtrace.Storage.Embedded.Tests;

public sealed class FileSnapshotBodyStoreTests : IDisposable
{
    private readonly EmbeddedStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Put_ThenRead_ReturnsTheSameBytes()
    {
        var uuid = Guid.NewGuid();
        var body = Encoding.UTF8.GetBytes("""{"uuid":"x","payload":"abc"}""");
        Assert.True(await _storage.Bodies.PutAsync("demo", uuid, body));
        Assert.True(await _storage.Bodies.ExistsAsync("demo", uuid));
        Assert.Equal(body, await ReadAsync("demo", uuid));
    }

    [Fact]
    public async Task Put_SameUuidTwice_KeepsTheFirstBody()
    {
        var uuid = Guid.NewGuid();
        Assert.True(await _storage.Bodies.PutAsync("demo", uuid, "first"u8.ToArray()));
        Assert.False(await _storage.Bodies.PutAsync("demo", uuid, "second"u8.ToArray()));
        Assert.Equal("first"u8.ToArray(), await ReadAsync("demo", uuid));
    }

    [Fact]
    public async Task Put_ConcurrentWithDuplicates_StoresEachUuidOnceAndAllSurviveReopen()
    {
        var uuids = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();
        var puts = uuids.Concat(uuids.Take(30)).Select((uuid, i) => _storage.Bodies.PutAsync("demo", uuid, Encoding.UTF8.GetBytes($"body {uuid}")));
        var results = await Task.WhenAll(puts);
        Assert.Equal(100, results.Count(created => created));

        _storage.Reopen();
        foreach (var uuid in uuids)
        {
            Assert.Equal(Encoding.UTF8.GetBytes($"body {uuid}"), await ReadAsync("demo", uuid));
        }
    }

    [Fact]
    public async Task Projects_AreSeparate()
    {
        var uuid = Guid.NewGuid();
        await _storage.Bodies.PutAsync("one", uuid, "one"u8.ToArray());
        Assert.False(await _storage.Bodies.ExistsAsync("two", uuid));
        Assert.Null(await _storage.Bodies.OpenReadAsync("two", uuid));
        Assert.True(await _storage.Bodies.PutAsync("two", uuid, "two"u8.ToArray()));
        Assert.Equal("one"u8.ToArray(), await ReadAsync("one", uuid));
    }

    [Fact]
    public async Task Missing_ReadsAsNull() =>
        Assert.Null(await _storage.Bodies.OpenReadAsync("demo", Guid.NewGuid()));

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData(".hidden")]
    public async Task HostileProjectName_IsRejectedBeforeTouchingTheDisk(string project)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.Bodies.PutAsync(project, Guid.NewGuid(), "x"u8.ToArray()));
        Assert.Equal([".incoming"], Directory.GetDirectories(Path.Combine(_storage.DataDirectory, "snapshots")).Select(Path.GetFileName));
    }

    [Fact]
    public void Start_RemovesWhatAnInterruptedPutLeftBehind()
    {
        var leftover = Path.Combine(_storage.DataDirectory, "snapshots", ".incoming", "partial.json.tmp");
        File.WriteAllText(leftover, "half a bo");
        _storage.Reopen();
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task Body_IsAFileNamedByProjectAndUuid()
    {
        var uuid = Guid.Parse("6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01");
        await _storage.Bodies.PutAsync("demo", uuid, "{}"u8.ToArray());
        Assert.True(File.Exists(Path.Combine(_storage.DataDirectory, "snapshots", "demo", "6b", "6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01.json")));
    }

    private async Task<byte[]> ReadAsync(string project, Guid uuid)
    {
        await using var stream = await _storage.Bodies.OpenReadAsync(project, uuid) ?? throw new InvalidOperationException($"no body for {uuid}");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
