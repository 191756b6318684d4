using System.Text.Json;
using System.Text.Json.Serialization;
using Backtrace.Snapshots.Model;

namespace Backtrace.Snapshots.Json;

/// <summary>Reads and writes an <see cref="AttributeValue"/> as a bare JSON string, number or boolean.</summary>
public sealed class AttributeValueConverter : JsonConverter<AttributeValue>
{
    public override AttributeValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => AttributeValue.FromString(reader.GetString()!),
            JsonTokenType.Number => AttributeValue.FromNumber(reader.GetDouble()),
            JsonTokenType.True => AttributeValue.FromBoolean(true),
            JsonTokenType.False => AttributeValue.FromBoolean(false),
            _ => throw new JsonException($"an attribute value must be a string, number or boolean, not {Describe(reader.TokenType)}"),
        };

    public override void Write(Utf8JsonWriter writer, AttributeValue value, JsonSerializerOptions options)
    {
        switch (value.Kind)
        {
            case AttributeKind.String: writer.WriteStringValue(value.AsString); break;
            case AttributeKind.Number: writer.WriteNumberValue(value.AsNumber); break;
            default: writer.WriteBooleanValue(value.AsBoolean); break;
        }
    }

    internal static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.Null => "null",
        _ => token.ToString().ToLowerInvariant(),
    };
}
