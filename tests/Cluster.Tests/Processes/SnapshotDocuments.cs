using System.Text.Json.Nodes;
using Backtrace.LocalServices;

namespace Backtrace.Cluster.Tests.Processes;

/// <summary>Native snapshot documents made from the repository's example, each with its own uuid and one of a few crash sites.</summary>
internal static class SnapshotDocuments
{
    private static readonly Lazy<string> Template = new(() => File.ReadAllText(RepositoryPaths.Combine("examples", "null-dereference.json")));

    /// <summary>A snapshot whose faulting frame is <c>crash_site_{group}</c>, so <paramref name="group"/> picks its fault group.</summary>
    public static byte[] Create(Guid uuid, int group)
    {
        var document = JsonNode.Parse(Template.Value)!;
        document["uuid"] = uuid.ToString("D");
        document["timestamp"] = DateTimeOffset.UtcNow.ToString("O");
        foreach (var thread in document["threads"]!.AsArray())
        {
            if (thread!["faulted"]?.GetValue<bool>() == true)
            {
                thread["frames"]![0]!["function"] = $"crash_site_{group}";
            }
        }
        return System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());
    }
}
