using System.Text.Json;
using Backtrace.Snapshots.Json;

namespace Backtrace.CaptureAgent.Commands;

/// <summary>
/// Builds System.Text.Json's metadata for every type of the snapshot model, ideally on the capture's helper thread while
/// the capture runs (<see cref="Capture.Building.CaptureRunner.Meanwhile"/>): the first serialization otherwise pays
/// more than a millisecond configuring it, after the capture. The metadata is cached in the options the serializer
/// uses later, so the output itself is unchanged.
/// </summary>
internal sealed class JsonWarmUp
{
    private readonly ManualResetEventSlim _done = new();
    private int _claimed;

    /// <summary>Builds the metadata, unless another thread already is or did.</summary>
    public void Run()
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0)
        {
            return;
        }

        try
        {
            Build();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            // The serializer meets the same problem when it writes the snapshot, and reports it there.
        }
        finally
        {
            _done.Set();
        }
    }

    /// <summary>Returns once the metadata is built: builds it here if no thread has started to.</summary>
    public void Wait()
    {
        Run();
        _done.Wait();
    }

    private static void Build()
    {
        var options = SnapshotJsonContext.Default.Options;
        var pending = new Stack<Type>([typeof(Snapshots.Model.Snapshot)]);
        var seen = new HashSet<Type>();
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type) || !options.TryGetTypeInfo(type, out var info))
            {
                continue;
            }

            foreach (var property in info.Properties)
            {
                pending.Push(property.PropertyType);
            }

            if (info.Kind is System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Enumerable or System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Dictionary)
            {
                foreach (var argument in type.IsArray ? [type.GetElementType()!] : type.GetGenericArguments())
                {
                    pending.Push(argument);
                }
            }
        }
    }
}
