using System.Text;
using Azure.Storage.Blobs;
using Backtrace.Grains;
using Backtrace.LocalServices;

namespace Backtrace.Storage.AzureBlob.Tests;

public sealed class BlobSnapshotBodyStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task PutAsync_StoresTheBodyOnce_AndTheFirstBodyWins()
    {
        var store = await CreateStoreAsync();
        var uuid = Guid.NewGuid();
        var body = Encoding.UTF8.GetBytes("""{"uuid":"first"}""");

        Assert.True(await store.PutAsync("web", uuid, body));
        Assert.False(await store.PutAsync("web", uuid, Encoding.UTF8.GetBytes("""{"uuid":"second"}""")));

        Assert.True(await store.ExistsAsync("web", uuid));
        await using var stream = await store.OpenReadAsync("web", uuid);
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        Assert.Equal("""{"uuid":"first"}""", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task ProjectsAreSeparate_AndMissingBodiesAreNull()
    {
        var store = await CreateStoreAsync();
        var uuid = Guid.NewGuid();
        await store.PutAsync("web", uuid, new byte[] { 1, 2, 3 });

        Assert.False(await store.ExistsAsync("api", uuid));
        Assert.Null(await store.OpenReadAsync("api", uuid));
        Assert.Null(await store.OpenReadAsync("web", Guid.NewGuid()));
    }

    [Fact]
    public async Task ConcurrentPutsOfOneUuid_StoreExactlyOneBody()
    {
        var store = await CreateStoreAsync();
        var uuid = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.PutAsync("web", uuid, new[] { (byte)i })));

        Assert.Single(results, stored => stored);
    }

    [Fact]
    public async Task AnInvalidProjectName_IsRefusedBeforeReachingStorage()
    {
        var store = await CreateStoreAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => store.PutAsync("../escape", Guid.NewGuid(), new byte[] { 1 }));
        Assert.Contains("starts with a lower-case letter or a digit", error.Message);
    }

    [Fact]
    public async Task WhileStorageIsDown_PutThrowsDependencyUnavailable_AndWorksAgainOnceItIsBack()
    {
        await using var emulator = await AzuriteServer.StartAsync();
        var container = BlobServiceClients.Create(emulator.ConnectionString).GetBlobContainerClient("bodies");
        await container.CreateAsync();
        var store = new BlobSnapshotBodyStore(container);

        await emulator.StopAsync(kill: true);
        var down = await Assert.ThrowsAsync<DependencyUnavailableException>(() => store.PutAsync("web", Guid.NewGuid(), new byte[] { 1 }));
        Assert.Equal("Azure Storage", down.Dependency);

        await emulator.RestartAsync();
        Assert.True(await store.PutAsync("web", Guid.NewGuid(), new byte[] { 1 }));
    }

    private async Task<BlobSnapshotBodyStore> CreateStoreAsync()
    {
        var container = new BlobServiceClient(azurite.Server.ConnectionString).GetBlobContainerClient($"bodies-{Guid.NewGuid():N}");
        await container.CreateAsync();
        return new BlobSnapshotBodyStore(container);
    }
}
