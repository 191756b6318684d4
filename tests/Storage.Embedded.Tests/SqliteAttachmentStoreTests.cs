using Backtrace.Grains;
using Backtrace.Storage.Attachments;
using Backtrace.Storage.Embedded.Attachments;
using Microsoft.Extensions.Options;

namespace Backtrace.Storage.Embedded.Tests;

public sealed class SqliteAttachmentStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backtrace-storage-tests", Guid.NewGuid().ToString("N"));
    private SqliteAttachmentStore _store;

    public SqliteAttachmentStoreTests() => _store = Open();

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Put_ThenListAndRead_AfterAReopen_GiveTheSameFiles()
    {
        var uuid = Guid.NewGuid();
        var dump = new byte[2 * 1024 * 1024];
        Random.Shared.NextBytes(dump);
        await _store.PutAsync("web", uuid, [new("crash.dmp", "application/x-dmp", dump), new("app log (1).txt", "text/plain", "hello"u8.ToArray())]);

        _store.Dispose();
        _store = Open();

        Assert.Equal([new SnapshotAttachmentInfo("app log (1).txt", "text/plain", 5), new SnapshotAttachmentInfo("crash.dmp", "application/x-dmp", dump.Length)],
            await _store.ListAsync("web", uuid));
        Assert.Equal(dump, await ReadAsync("web", uuid, "crash.dmp"));
    }

    [Fact]
    public async Task Put_TheSameNameAgain_KeepsTheFirstFile_AndAddsNewNames()
    {
        var uuid = Guid.NewGuid();
        await _store.PutAsync("web", uuid, [new("a.txt", "text/plain", "first"u8.ToArray())]);

        await _store.PutAsync("web", uuid, [new("a.txt", "text/plain", "second"u8.ToArray()), new("b.txt", "text/plain", "b"u8.ToArray())]);

        Assert.Equal("first"u8.ToArray(), await ReadAsync("web", uuid, "a.txt"));
        Assert.Equal(["a.txt", "b.txt"], (await _store.ListAsync("web", uuid)).Select(a => a.Name));
    }

    [Fact]
    public async Task ConcurrentPutsOfManySnapshots_AllSurvive()
    {
        var uuids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(uuids.Select(u => _store.PutAsync("web", u, [new("log.txt", "text/plain", u.ToByteArray())])));

        foreach (var uuid in uuids)
        {
            Assert.Equal(uuid.ToByteArray(), await ReadAsync("web", uuid, "log.txt"));
        }
    }

    [Fact]
    public async Task ProjectsAndSnapshotsAreSeparate_AndMissingOnesAreEmpty()
    {
        var uuid = Guid.NewGuid();
        await _store.PutAsync("web", uuid, [new("log.txt", "text/plain", "x"u8.ToArray())]);

        Assert.Empty(await _store.ListAsync("api", uuid));
        Assert.Null(await _store.OpenReadAsync("api", uuid, "log.txt"));
        Assert.Null(await _store.OpenReadAsync("web", Guid.NewGuid(), "log.txt"));
        Assert.Null(await _store.OpenReadAsync("web", uuid, "other.txt"));
    }

    [Theory]
    [InlineData("../escape", "web", "project")]
    [InlineData("web", "a/b", "attachment")]
    [InlineData("web", "..", "attachment")]
    public async Task BadNames_AreRefused_AndNothingOfTheCallIsStored(string project, string name, string field)
    {
        var uuid = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(
            () => _store.PutAsync(project, uuid, [new("good.txt", "text/plain", "x"u8.ToArray()), new(name, "text/plain", "x"u8.ToArray())]));

        Assert.Equal(field, error.Field);
        Assert.Empty(await _store.ListAsync("web", uuid));
    }

    private SqliteAttachmentStore Open() => new(Options.Create(new EmbeddedStorageOptions { DataDirectory = _directory }));

    private async Task<byte[]> ReadAsync(string project, Guid uuid, string name)
    {
        await using var stored = await _store.OpenReadAsync(project, uuid, name);
        Assert.NotNull(stored);
        using var copy = new MemoryStream();
        await stored.Content.CopyToAsync(copy);
        Assert.Equal(copy.Length, stored.Info.Size);
        return copy.ToArray();
    }
}
