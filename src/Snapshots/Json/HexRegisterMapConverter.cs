using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backtrace.Snapshots.Json;

/// <summary>Register sets as a JSON object of name → <c>"0x..."</c> (see <see cref="HexUInt64Converter"/>).</summary>
public sealed class HexRegisterMapConverter : JsonConverter<Dictionary<string, ulong>>
{
    public override Dictionary<string, ulong> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"registers must be an object of name to \"0x...\" value, not {AttributeValueConverter.Describe(reader.TokenType)}");
        }

        var registers = new Dictionary<string, ulong>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            registers[name] = HexUInt64Converter.ReadHex(ref reader);
        }

        return registers;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, ulong> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, register) in value)
        {
            writer.WritePropertyName(name);
            HexUInt64Converter.WriteHex(writer, register);
        }

        writer.WriteEndObject();
    }
}

/// <summary><see cref="HexRegisterMapConverter"/> for optional register sets.</summary>
public sealed class HexRegisterMapNullableConverter : JsonConverter<Dictionary<string, ulong>?>
{
    private static readonly HexRegisterMapConverter Inner = new();

    public override bool HandleNull => true;

    public override Dictionary<string, ulong>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeToConvert, options);

    public override void Write(Utf8JsonWriter writer, Dictionary<string, ulong>? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            Inner.Write(writer, value, options);
        }
    }
}
