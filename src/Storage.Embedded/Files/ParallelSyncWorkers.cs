using System.Collections.Concurrent;

namespace Backtrace.Storage.Embedded.Files;

/// <summary>
/// A few dedicated threads that run blocking fsyncs side by side. One file's fsync waits for the filesystem's
/// journal commit; many fsyncs issued at once share one commit, so syncing a batch in parallel costs little
/// more than syncing one file. Dedicated threads keep these blocking calls off the thread pool that Orleans
/// and ASP.NET Core run on.
/// </summary>
internal sealed class ParallelSyncWorkers : IDisposable
{
    private readonly BlockingCollection<Job> _jobs = new();
    private readonly Thread[] _threads;

    public ParallelSyncWorkers(int threads)
    {
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"backtrace-fsync-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>Runs every action, in parallel, and returns once all are done: for each, null or what it threw.</summary>
    public Exception?[] RunAll(IReadOnlyList<Action> actions)
    {
        var errors = new Exception?[actions.Count];
        using var done = new CountdownEvent(actions.Count);
        for (var i = 0; i < actions.Count; i++)
        {
            _jobs.Add(new Job(actions[i], errors, i, done));
        }

        done.Wait();
        return errors;
    }

    public void Dispose()
    {
        _jobs.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _jobs.Dispose();
    }

    private void Run()
    {
        foreach (var job in _jobs.GetConsumingEnumerable())
        {
            try
            {
                job.Action();
            }
            catch (Exception e)
            {
                // Reported to the caller through the errors array; the worker lives on for the next batch.
                job.Errors[job.Index] = e;
            }
            finally
            {
                job.Done.Signal();
            }
        }
    }

    private sealed record Job(Action Action, Exception?[] Errors, int Index, CountdownEvent Done);
}
