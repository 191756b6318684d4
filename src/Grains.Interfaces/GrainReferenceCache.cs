using System.Collections.Concurrent;

namespace Backtrace.Grains;

/// <summary>
/// Grain references by key, for paths that call the same grains thousands of times a second. Orleans'
/// <c>GetGrain</c> resolves the interface's grain type through reflection and builds a new proxy on every call,
/// which on the ingest path cost more than some of the grain calls it prepared; a reference is immutable and
/// valid for the life of the process, so it can be reused. The cache holds at most <c>capacity</c> keys and
/// starts over when full, so keys chosen by clients (token hashes, fingerprints) cannot grow it without bound.
/// Thread-safe.
/// </summary>
/// <typeparam name="TGrain">The grain interface.</typeparam>
/// <param name="grains">Where references come from.</param>
/// <param name="capacity">Most keys held; at least 1.</param>
public sealed class GrainReferenceCache<TGrain>(IGrainFactory grains, int capacity = 4096)
    where TGrain : IGrainWithStringKey
{
    private readonly ConcurrentDictionary<string, TGrain> _references = new(StringComparer.Ordinal);
    private readonly int _capacity = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the capacity must be at least 1");
    private int _count;

    /// <summary>The reference to the grain with <paramref name="key"/>, the same as <c>GetGrain&lt;TGrain&gt;(key)</c>.</summary>
    public TGrain Get(string key)
    {
        if (_references.TryGetValue(key, out var reference))
        {
            return reference;
        }

        reference = grains.GetGrain<TGrain>(key);
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            // Racing callers may clear twice or count a key twice: harmless, the bound only needs to hold roughly.
            _references.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        return _references.GetOrAdd(key, reference);
    }
}
