using System.Text.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Storage.Postgres.Index;

/// <summary>Snapshot attributes as a <c>jsonb</c> object of JSON primitives, which keeps their kinds.</summary>
internal static class AttributesJson
{
    public static string Write(IReadOnlyDictionary<string, AttributeValue> attributes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in attributes)
            {
                switch (value.Kind)
                {
                    case AttributeKind.String: writer.WriteString(name, value.AsString); break;
                    case AttributeKind.Number: writer.WriteNumber(name, value.AsNumber); break;
                    default: writer.WriteBoolean(name, value.AsBoolean); break;
                }
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static Dictionary<string, AttributeValue> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var attributes = new Dictionary<string, AttributeValue>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            attributes[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => AttributeValue.FromString(property.Value.GetString()!),
                JsonValueKind.Number => AttributeValue.FromNumber(property.Value.GetDouble()),
                JsonValueKind.True => AttributeValue.FromBoolean(true),
                JsonValueKind.False => AttributeValue.FromBoolean(false),
                var other => throw new InvalidDataException($"Attribute '{property.Name}' is stored as {other}, not a string, number or boolean."),
            };
        }
        return attributes;
    }
}
