using System.Text.Json;
using System.Text.Json.Serialization;
using Backtrace.Snapshots.Model;

namespace Backtrace.Snapshots.Json;

/// <summary>
/// <see cref="FrameTrust"/> as its JSON name. Every frame has one, so the common case (an unescaped name spelled
/// as written) is matched on the raw bytes; anything else (another case, escapes, numbers, errors) goes to the
/// standard enum converter, which decides exactly as it always has.
/// </summary>
public sealed class FrameTrustConverter : JsonConverter<FrameTrust>
{
    private static readonly JsonConverter<FrameTrust> Standard =
        (JsonConverter<FrameTrust>)new JsonStringEnumConverter<FrameTrust>().CreateConverter(typeof(FrameTrust), new JsonSerializerOptions());

    public override FrameTrust Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var name = reader.ValueSpan;
            if (name.SequenceEqual("cfi"u8))
            {
                return FrameTrust.Cfi;
            }

            if (name.SequenceEqual("context"u8))
            {
                return FrameTrust.Context;
            }

            if (name.SequenceEqual("frame_pointer"u8))
            {
                return FrameTrust.FramePointer;
            }

            if (name.SequenceEqual("scan"u8))
            {
                return FrameTrust.Scan;
            }

            if (name.SequenceEqual("synthetic"u8))
            {
                return FrameTrust.Synthetic;
            }
        }

        return Standard.Read(ref reader, typeToConvert, options);
    }

    public override void Write(Utf8JsonWriter writer, FrameTrust value, JsonSerializerOptions options) =>
        Standard.Write(writer, value, options);
}
