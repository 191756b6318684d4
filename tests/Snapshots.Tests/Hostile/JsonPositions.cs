using System.Text.Json.Nodes;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots.Tests.Hostile;

/// <summary>
/// The positions of a JSON document where a value can be put: every property value and array element there is,
/// plus one new element at the end of every array and one new property in every object.
/// </summary>
internal static class JsonPositions
{
    /// <summary>Name of the property added to every object.</summary>
    public const string AddedName = "added";

    public static IEnumerable<JsonPosition> All(JsonNode document) => Under(document, document, JsonPath.Root, []);

    private static IEnumerable<JsonPosition> Under(JsonNode document, JsonNode? node, string path, object[] steps)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    var at = JsonPath.Property(path, name);
                    yield return new JsonPosition(document, at, path, [.. steps, name]);
                    foreach (var inner in Under(document, child, at, [.. steps, name]))
                    {
                        yield return inner;
                    }
                }

                yield return new JsonPosition(document, JsonPath.Property(path, AddedName), path, [.. steps, AddedName]);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var at = JsonPath.Index(path, i);
                    yield return new JsonPosition(document, at, path, [.. steps, i]);
                    foreach (var inner in Under(document, array[i], at, [.. steps, i]))
                    {
                        yield return inner;
                    }
                }

                yield return new JsonPosition(document, JsonPath.Index(path, array.Count), path, [.. steps, array.Count]);
                break;
        }
    }
}
