using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backtrace.Snapshots.Json;

/// <summary>
/// Addresses are written as <c>"0x7f12..."</c> strings: JSON numbers lose precision above 2^53 in most
/// readers (JavaScript among them), and hex is how people read addresses. Reading also accepts a plain
/// non-negative JSON number, for hand-written snapshots.
/// </summary>
public sealed class HexUInt64Converter : JsonConverter<ulong>
{
    public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadHex(ref reader);

    public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) =>
        WriteHex(writer, value);

    internal static ulong ReadHex(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetUInt64(out var number)
                ? number
                : throw new JsonException("an address must be a non-negative 64-bit integer or a \"0x...\" hex string");
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"an address must be a \"0x...\" hex string, not {AttributeValueConverter.Describe(reader.TokenType)}");
        }

        // Every frame has two or three addresses: parse the raw bytes, and make a string only for an escaped
        // value or for the error message.
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && TryParseHex(reader.ValueSpan, out var parsed))
        {
            return parsed;
        }

        var text = reader.GetString()!;
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : default;
        if (digits.Length is 0 or > 16 ||
            !ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new JsonException($"'{Truncate(text)}' is not an address: expected \"0x\" and 1 to 16 hex digits");
        }

        return value;
    }

    /// <summary>"0x" (or "0X") and 1 to 16 hex digits, nothing else.</summary>
    private static bool TryParseHex(ReadOnlySpan<byte> utf8, out ulong value)
    {
        value = 0;
        if (utf8.Length is < 3 or > 18 || utf8[0] != (byte)'0' || (utf8[1] | 0x20) != (byte)'x')
        {
            return false;
        }

        foreach (var digit in utf8[2..])
        {
            var nibble = HexValue(digit);
            if (nibble < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)nibble;
        }

        return true;
    }

    private static int HexValue(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
        _ => -1,
    };

    internal static void WriteHex(Utf8JsonWriter writer, ulong value)
    {
        Span<byte> buffer = stackalloc byte[18];
        buffer[0] = (byte)'0';
        buffer[1] = (byte)'x';
        Utf8Formatter.TryFormat(value, buffer[2..], out var written, new StandardFormat('x'));
        writer.WriteStringValue(buffer[..(2 + written)]);
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}

/// <summary><see cref="HexUInt64Converter"/> for optional addresses; null stays null.</summary>
public sealed class HexUInt64NullableConverter : JsonConverter<ulong?>
{
    public override bool HandleNull => true;

    public override ulong? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : HexUInt64Converter.ReadHex(ref reader);

    public override void Write(Utf8JsonWriter writer, ulong? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            HexUInt64Converter.WriteHex(writer, v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
