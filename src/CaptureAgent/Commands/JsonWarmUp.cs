using System.Text.Json;
using Backtrace.Snapshots.Json;

namespace Backtrace.CaptureAgent.Commands;

/// <summary>
/// Builds System.Text.Json's metadata for every type of the snapshot model on a background thread while the capture
/// runs: the first serialization otherwise pays about a millisecond configuring it, after the capture. The metadata is
/// cached in the options the serializer uses later, so the output itself is unchanged.
/// </summary>
internal sealed class JsonWarmUp
{
    private readonly Thread _thread = new(Run) { Name = "json-warm-up", IsBackground = true };

    private JsonWarmUp() => _thread.Start();

    public static JsonWarmUp Start() => new();

    /// <summary>Waits until the metadata is built (serializing meanwhile would only wait for it under a lock).</summary>
    public void Wait() => _thread.Join();

    private static void Run()
    {
        try
        {
            Build();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            // The serializer meets the same problem when it writes the snapshot, and reports it there.
        }
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
