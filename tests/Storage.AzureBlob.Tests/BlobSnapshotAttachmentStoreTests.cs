using Azure.Storage.Blobs;
using Backtrace.Grains;
using Backtrace.LocalServices;
using Backtrace.Storage.Attachments;

namespace Backtrace.Storage.AzureBlob.Tests;

/// <summary>Snapshot attachments on a real Azure Storage emulator (Azurite).</summary>
public sealed class BlobSnapshotAttachmentStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Put_ThenListAndRead_GiveTheSameFiles_WithTheirNamesAndTypes()
    {
        var (store, _) = await CreateStoreAsync();
        var uuid = Guid.NewGuid();
        var dump = new byte[1024 * 1024];
        Random.Shared.NextBytes(dump);

        await store.PutAsync("web", uuid, [new("crash.dmp", "application/x-dmp", dump), new("журнал (1).log.", "text/plain", "hello"u8.ToArray())]);

        Assert.Equal([new SnapshotAttachmentInfo("crash.dmp", "application/x-dmp", dump.Length), new SnapshotAttachmentInfo("журнал (1).log.", "text/plain", 5)],
            await store.ListAsync("web", uuid));
        Assert.Equal(dump, await ReadAsync(store, "web", uuid, "crash.dmp"));
        Assert.Equal("hello"u8.ToArray(), await ReadAsync(store, "web", uuid, "журнал (1).log."));
    }

    [Fact]
    public async Task Put_TheSameNameAgain_KeepsTheFirstFile_AndBodiesOfTheContainerAreUntouched()
    {
        var (store, container) = await CreateStoreAsync();
        var bodies = new BlobSnapshotBodyStore(container);
        var uuid = Guid.NewGuid();
        await bodies.PutAsync("web", uuid, "{}"u8.ToArray());
        await store.PutAsync("web", uuid, [new("a.txt", "text/plain", "first"u8.ToArray())]);

        await store.PutAsync("web", uuid, [new("a.txt", "text/plain", "second"u8.ToArray()), new("b.txt", "text/plain", "b"u8.ToArray())]);

        Assert.Equal("first"u8.ToArray(), await ReadAsync(store, "web", uuid, "a.txt"));
        Assert.Equal(["a.txt", "b.txt"], (await store.ListAsync("web", uuid)).Select(a => a.Name));
        Assert.True(await bodies.ExistsAsync("web", uuid));
    }

    [Fact]
    public async Task MissingAttachments_AreEmptyOrNull_EvenBeforeTheContainerExists()
    {
        var container = new BlobServiceClient(azurite.Server.ConnectionString).GetBlobContainerClient($"absent-{Guid.NewGuid():N}");
        var store = new BlobSnapshotAttachmentStore(container);
        var uuid = Guid.NewGuid();

        Assert.Empty(await store.ListAsync("web", uuid));
        Assert.Null(await store.OpenReadAsync("web", uuid, "log.txt"));

        // The first write creates the container.
        await store.PutAsync("web", uuid, [new("log.txt", "text/plain", "x"u8.ToArray())]);
        Assert.Single(await store.ListAsync("web", uuid));
        Assert.Empty(await store.ListAsync("api", uuid));
    }

    [Fact]
    public async Task BadNames_AreRefusedBeforeReachingStorage()
    {
        var (store, _) = await CreateStoreAsync();

        var project = await Assert.ThrowsAsync<InvalidRequestException>(() => store.PutAsync("../x", Guid.NewGuid(), [new("a", "text/plain", "x"u8.ToArray())]));
        var name = await Assert.ThrowsAsync<InvalidRequestException>(() => store.PutAsync("web", Guid.NewGuid(), [new("a\\b", "text/plain", "x"u8.ToArray())]));

        Assert.Equal(("project", "attachment"), (project.Field, name.Field));
    }

    private async Task<(BlobSnapshotAttachmentStore Store, BlobContainerClient Container)> CreateStoreAsync()
    {
        var container = new BlobServiceClient(azurite.Server.ConnectionString).GetBlobContainerClient($"snapshots-{Guid.NewGuid():N}");
        await container.CreateAsync();
        return (new BlobSnapshotAttachmentStore(container), container);
    }

    private static async Task<byte[]> ReadAsync(BlobSnapshotAttachmentStore store, string project, Guid uuid, string name)
    {
        await using var stored = await store.OpenReadAsync(project, uuid, name);
        Assert.NotNull(stored);
        using var copy = new MemoryStream();
        await stored.Content.CopyToAsync(copy);
        return copy.ToArray();
    }
}
