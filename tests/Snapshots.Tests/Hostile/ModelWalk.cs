using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Backtrace.Snapshots.Model;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots.Tests.Hostile;

/// <summary>
/// Walks a snapshot model by reflection, every property of every model object and every entry of every list and
/// map, and reads the nullable annotations the model declares (including those of list elements and map values,
/// which System.Text.Json does not enforce). Paths are the JSON paths the reader uses.
/// </summary>
internal static class ModelWalk
{
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>Paths where the model holds null although its annotations say it never does.</summary>
    public static List<string> NullsWhereNotAllowed(Snapshot snapshot)
    {
        var found = new List<string>();
        Walk(snapshot, Position.Root, (at, value, nullable) =>
        {
            if (value is null && !nullable)
            {
                found.Add(at.Path);
            }
        });
        return found;
    }

    /// <summary>
    /// Positions (paths with <c>[]</c> for any index and <c>*</c> for any map key) that are null or an empty list or
    /// map everywhere in <paramref name="snapshot"/>: positions a document made from it would not exercise.
    /// </summary>
    public static List<string> Unpopulated(Snapshot snapshot)
    {
        var empty = new SortedSet<string>(StringComparer.Ordinal);
        var populated = new HashSet<string>(StringComparer.Ordinal);
        Walk(snapshot, Position.Root, (at, value, _) =>
        {
            if (value is null || value is ICollection { Count: 0 })
            {
                empty.Add(at.Shape);
            }
            else
            {
                populated.Add(at.Shape);
            }
        });
        empty.ExceptWith(populated);
        return [.. empty];
    }

    private static void Walk(object model, Position path, Action<Position, object?, bool> visit)
    {
        foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null || property.IsDefined(typeof(JsonIgnoreAttribute)))
            {
                continue;
            }

            var info = Nullability.Create(property);
            var value = property.GetValue(model);
            var at = path.Property(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
            visit(at, value, info.ReadState != NullabilityState.NotNull);
            Descend(value, info, at, visit);
        }
    }

    private static void Descend(object? value, NullabilityInfo info, Position path, Action<Position, object?, bool> visit)
    {
        switch (value)
        {
            case IDictionary map:
                var valueInfo = info.GenericTypeArguments[1];
                foreach (DictionaryEntry entry in map)
                {
                    var at = path.Entry((string)entry.Key);
                    visit(at, entry.Value, Allows(valueInfo));
                    Descend(entry.Value, valueInfo, at, visit);
                }

                break;
            case IList list when value is not byte[]:
                var elementInfo = info.GenericTypeArguments[0];
                for (var i = 0; i < list.Count; i++)
                {
                    var at = path.Element(i);
                    visit(at, list[i], Allows(elementInfo));
                    Descend(list[i], elementInfo, at, visit);
                }

                break;
            case not null when value.GetType() is { IsClass: true } type && type.Namespace == typeof(Snapshot).Namespace:
                Walk(value, path, visit);
                break;
        }
    }

    /// <summary>Whether a list element or map value may be null: value types never are (the reader rejects null for them).</summary>
    private static bool Allows(NullabilityInfo info) => info.Type.IsValueType || info.ReadState != NullabilityState.NotNull;

    /// <summary>A place in the model: its JSON path, and its shape (the path with <c>[]</c> for indexes, <c>*</c> for map keys).</summary>
    private readonly record struct Position(string Path, string Shape)
    {
        public static Position Root => new(JsonPath.Root, JsonPath.Root);

        public Position Property(string name) => new(JsonPath.Property(Path, name), Shape + "." + name);

        public Position Entry(string key) => new(JsonPath.Property(Path, key), Shape + ".*");

        public Position Element(int index) => new(JsonPath.Index(Path, index), Shape + "[]");
    }
}
