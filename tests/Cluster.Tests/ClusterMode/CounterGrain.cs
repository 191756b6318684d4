using Backtrace.Storage;

namespace Backtrace.Cluster.Tests.ClusterMode;

public sealed class CounterGrain([PersistentState("counter", StorageNames.GrainState)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);
}
