using System.Text.Json;
using System.Text.Json.Serialization;
using Backtrace.Snapshots.Model;

namespace Backtrace.Storage.Embedded.Sqlite;

/// <summary>Lists and attribute maps stored as JSON text columns (queryable with SQLite's JSON functions).</summary>
internal static class JsonColumns
{
    public static string Write(IReadOnlyList<string> list) =>
        JsonSerializer.Serialize(list as List<string> ?? [.. list], JsonColumnContext.Default.ListString);

    public static string Write(IReadOnlyDictionary<string, AttributeValue> attributes) =>
        JsonSerializer.Serialize(
            attributes as Dictionary<string, AttributeValue> ?? new Dictionary<string, AttributeValue>(attributes),
            JsonColumnContext.Default.DictionaryStringAttributeValue);

    public static List<string> ReadList(string json) =>
        JsonSerializer.Deserialize(json, JsonColumnContext.Default.ListString) ?? [];

    public static Dictionary<string, AttributeValue> ReadAttributes(string json) =>
        JsonSerializer.Deserialize(json, JsonColumnContext.Default.DictionaryStringAttributeValue) ?? [];
}

[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, AttributeValue>))]
internal sealed partial class JsonColumnContext : JsonSerializerContext;
