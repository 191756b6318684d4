using Backtrace.Storage.Embedded.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Backtrace.Storage.Embedded.Tests;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly EmbeddedStorage _storage = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly GrainId _grain = GrainId.Create("counter", "demo/one");

    public void Dispose()
    {
        _services.Dispose();
        _storage.Dispose();
    }

    private SqliteGrainStorage Storage => new(_storage.Database, _services.GetRequiredService<Serializer>());

    [Fact]
    public async Task Read_Missing_GivesNewStateWithoutETag()
    {
        var state = new TestGrainState<CounterState>();
        await Storage.ReadStateAsync("counter", _grain, state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Value);
    }

    [Fact]
    public async Task WriteThenRead_RoundTripsAndSurvivesReopen()
    {
        var state = new TestGrainState<CounterState> { State = new CounterState { Value = 42, Names = ["a", "b"] } };
        await Storage.WriteStateAsync("counter", _grain, state);
        Assert.Equal("1", state.ETag);
        await Storage.WriteStateAsync("counter", _grain, state);
        Assert.Equal("2", state.ETag);

        _storage.Reopen();
        var read = new TestGrainState<CounterState>();
        await Storage.ReadStateAsync("counter", _grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Equal(42, read.State.Value);
        Assert.Equal(["a", "b"], read.State.Names);
    }

    [Fact]
    public async Task Write_WithStaleETag_ThrowsInconsistentStateAndChangesNothing()
    {
        var first = new TestGrainState<CounterState> { State = new CounterState { Value = 1 } };
        await Storage.WriteStateAsync("counter", _grain, first);
        var stale = new TestGrainState<CounterState>();
        await Storage.ReadStateAsync("counter", _grain, stale);
        first.State.Value = 2;
        await Storage.WriteStateAsync("counter", _grain, first);

        stale.State.Value = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("counter", _grain, stale));
        var read = new TestGrainState<CounterState>();
        await Storage.ReadStateAsync("counter", _grain, read);
        Assert.Equal(2, read.State.Value);
    }

    [Fact]
    public async Task Write_NewRecordWhenOneExists_IsAConflict()
    {
        await Storage.WriteStateAsync("counter", _grain, new TestGrainState<CounterState>());
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("counter", _grain, new TestGrainState<CounterState>()));
    }

    [Fact]
    public async Task Clear_RemovesTheRecord_AndChecksTheETag()
    {
        var state = new TestGrainState<CounterState> { State = new CounterState { Value = 5 } };
        await Storage.WriteStateAsync("counter", _grain, state);
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.ClearStateAsync("counter", _grain, new TestGrainState<CounterState> { ETag = "7" }));
        await Storage.ClearStateAsync("counter", _grain, state);
        Assert.False(state.RecordExists);
        var read = new TestGrainState<CounterState>();
        await Storage.ReadStateAsync("counter", _grain, read);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task StateNamesAndGrains_AreSeparate()
    {
        await Storage.WriteStateAsync("counter", _grain, new TestGrainState<CounterState> { State = new CounterState { Value = 1 } });
        var other = new TestGrainState<CounterState>();
        await Storage.ReadStateAsync("other", _grain, other);
        Assert.False(other.RecordExists);
        await Storage.ReadStateAsync("counter", GrainId.Create("counter", "demo/two"), other);
        Assert.False(other.RecordExists);
    }
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public List<string> Names { get; set; } = [];
}

internal sealed class TestGrainState<T> : IGrainState<T>
    where T : new()
{
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public T State { get; set; } = new();

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
