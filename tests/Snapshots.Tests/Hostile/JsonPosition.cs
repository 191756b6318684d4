using System.Text;
using System.Text.Json.Nodes;

namespace Backtrace.Snapshots.Tests.Hostile;

/// <summary>One place in a document: its JSON path, the path of its container, and how to reach it.</summary>
internal sealed class JsonPosition(JsonNode document, string path, string containerPath, object[] steps)
{
    public string Path { get; } = path;

    public string ContainerPath { get; } = containerPath;

    /// <summary>The document (UTF-8) with the raw JSON <paramref name="replacement"/> at this position.</summary>
    public byte[] With(string replacement)
    {
        var copy = document.DeepClone();
        var container = copy;
        foreach (var step in steps[..^1])
        {
            container = step is int index ? container[index]! : container[(string)step]!;
        }

        var value = JsonNode.Parse(replacement);
        switch (container, steps[^1])
        {
            case (JsonArray array, int index) when index == array.Count:
                array.Add(value);
                break;
            case (JsonArray array, int index):
                array[index] = value;
                break;
            case (JsonObject obj, string name):
                obj[name] = value;
                break;
        }

        return Encoding.UTF8.GetBytes(copy.ToJsonString());
    }
}
