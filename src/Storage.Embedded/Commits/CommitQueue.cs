namespace Backtrace.Storage.Embedded.Commits;

/// <summary>
/// The queue in front of a group-commit thread: producers add without blocking, and the one consumer takes
/// everything pending (up to a batch size) at once. The consumer sleeps in <see cref="Monitor.Wait(object)"/>
/// while the queue is empty: a commit thread waits out an fsync most of the time, and a queue that spins
/// between batches (as <c>BlockingCollection</c> and <c>SemaphoreSlim</c> do) spends a shared core on nothing.
/// </summary>
/// <typeparam name="T">What is queued.</typeparam>
internal sealed class CommitQueue<T>
{
    private readonly Queue<T> _items = new();
    private bool _completed;

    /// <summary>Queues <paramref name="item"/>; false once <see cref="Complete"/> was called.</summary>
    public bool TryAdd(T item)
    {
        lock (_items)
        {
            if (_completed)
            {
                return false;
            }

            _items.Enqueue(item);
            if (_items.Count == 1)
            {
                // The only consumer waits only on an empty queue, so only the first item needs to wake it.
                Monitor.Pulse(_items);
            }

            return true;
        }
    }

    /// <summary>
    /// Waits until something is queued, then moves up to <paramref name="max"/> items into <paramref name="batch"/>.
    /// False once the queue is completed and empty: the consumer is done.
    /// </summary>
    public bool TakeBatch(List<T> batch, int max)
    {
        lock (_items)
        {
            while (_items.Count == 0)
            {
                if (_completed)
                {
                    return false;
                }

                Monitor.Wait(_items);
            }

            while (batch.Count < max && _items.TryDequeue(out var item))
            {
                batch.Add(item);
            }

            return true;
        }
    }

    /// <summary>Refuses further items; the consumer drains what is queued, then <see cref="TakeBatch"/> returns false.</summary>
    public void Complete()
    {
        lock (_items)
        {
            _completed = true;
            Monitor.PulseAll(_items);
        }
    }
}
