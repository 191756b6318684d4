using Orleans.Storage;

namespace Backtrace.Grains.Persistence;

/// <summary>
/// Applies a decision to persistent state and writes it, the way CONVENTIONS.md rule 6 asks: when the write
/// meets <see cref="InconsistentStateException"/> (someone else wrote the state since it was read), re-read the
/// state and decide again on what is really stored, once. A second conflict is thrown to the caller: something
/// is writing concurrently and retrying blindly would hide it.
/// </summary>
internal static class StateWrites
{
    /// <summary>Runs <paramref name="decide"/> on the state, then writes it; on a conflict re-reads, decides again and writes.</summary>
    /// <returns>What the last run of <paramref name="decide"/> returned.</returns>
    public static async Task<T> DecideAndWriteAsync<TState, T>(this IPersistentState<TState> state, Func<TState, T> decide)
    {
        var result = decide(state.State);
        try
        {
            await state.WriteStateAsync();
            return result;
        }
        catch (InconsistentStateException)
        {
            await state.ReadStateAsync();
            result = decide(state.State);
            await state.WriteStateAsync();
            return result;
        }
    }
}
