using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Backtrace.Snapshots.Json;

namespace Backtrace.Snapshots.Validation;

/// <summary>
/// One forward pass over an untrusted JSON document before anything deserializes it: well-formed JSON,
/// nesting within <see cref="SnapshotLimits.MaxDepth"/>, every string and property name valid UTF-8
/// (System.Text.Json only notices bad UTF-8 when a string is converted, and never for JSON kept as
/// <see cref="JsonElement"/>), and every string within <see cref="SnapshotLimits.MaxStringBytes"/>.
/// Errors carry the JSON path and the byte offset in the body. A valid document takes the cheaper
/// <see cref="JsonFastPreflight"/> instead; only a document with a problem is walked with its path.
/// </summary>
internal static class JsonPreflight
{
    private static ReadOnlySpan<byte> MemoryProperty => "memory"u8;

    /// <summary>Checks <paramref name="json"/>; <paramref name="memoryBytesProperty"/> names the property of
    /// <c>$.memory[i]</c> that holds base64 memory contents, which <see cref="SnapshotLimits.MaxMemoryBytes"/>
    /// bounds instead of the string limit.</summary>
    /// <exception cref="SnapshotFormatException">The first problem found, with its path.</exception>
    public static void Check(ReadOnlySpan<byte> json, SnapshotLimits limits, ReadOnlySpan<byte> memoryBytesProperty)
    {
        if (!JsonFastPreflight.Passes(json, limits, memoryBytesProperty))
        {
            // Something is wrong: the slower pass, which follows the path, finds it and says where.
            CheckWithPath(json, limits, memoryBytesProperty);
        }
    }

    /// <summary>The checks of <see cref="Check"/>, following the JSON path of every token to name where a problem is.</summary>
    /// <exception cref="SnapshotFormatException">The first problem found, with its path.</exception>
    internal static void CheckWithPath(ReadOnlySpan<byte> json, SnapshotLimits limits, ReadOnlySpan<byte> memoryBytesProperty)
    {
        // The reader's own depth limit sits one above ours so that ours, with its path, fires first.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            MaxDepth = limits.MaxDepth + 1,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });
        var path = new JsonPathTracker(limits.MaxDepth + 1);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        path.BeforeValue();
                        if (path.Depth >= limits.MaxDepth)
                        {
                            throw Fail(path, json, $"nesting is deeper than {limits.MaxDepth} levels (byte {reader.TokenStartIndex + 1})");
                        }

                        path.Push(reader.TokenType == JsonTokenType.StartArray);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        CheckText(ref reader, json, path, limits, isName: true);
                        break;
                    case JsonTokenType.String:
                        path.BeforeValue();
                        CheckText(ref reader, json, path, limits, isName: false, IsMemoryBytes(path, json, memoryBytesProperty));
                        break;
                    default:
                        path.BeforeValue();
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw Fail(path, json, SnapshotJson.DescribeReaderError(e));
        }
    }

    private static void CheckText(
        ref Utf8JsonReader reader, ReadOnlySpan<byte> json, JsonPathTracker path, SnapshotLimits limits, bool isName, bool isMemoryBytes = false)
    {
        // Raw value bytes start one past the opening quote.
        var start = checked((int)reader.TokenStartIndex + 1);
        int byteCount;
        if (!reader.ValueIsEscaped)
        {
            var raw = reader.ValueSpan;
            if (!Utf8.IsValid(raw))
            {
                throw InvalidUtf8(path, json, isName, start + FirstInvalidByte(raw));
            }

            byteCount = raw.Length;
            if (isName)
            {
                path.SetName(start, raw.Length);
            }
        }
        else
        {
            string decoded;
            try
            {
                decoded = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // Raised for bytes that are not UTF-8 and for escapes that name a lone UTF-16 surrogate.
                throw InvalidUtf8(path, json, isName, start, escaped: true);
            }

            byteCount = Encoding.UTF8.GetByteCount(decoded);
            if (isName)
            {
                path.SetName(decoded);
            }
        }

        if (byteCount > limits.MaxStringBytes && !isMemoryBytes)
        {
            var what = isName ? "property name" : "string";
            throw Fail(path, json, $"{what} is {byteCount} bytes long; the limit is {limits.MaxStringBytes} bytes");
        }
    }

    /// <summary>Whether the reader is on the value of <c>$.memory[i].&lt;memoryBytesProperty&gt;</c>.</summary>
    private static bool IsMemoryBytes(JsonPathTracker path, ReadOnlySpan<byte> json, ReadOnlySpan<byte> memoryBytesProperty) =>
        path.Depth == 3 && path.IsArrayAt(1) && !path.IsArrayAt(2) &&
        path.NameIs(0, json, MemoryProperty) && path.NameIs(2, json, memoryBytesProperty);

    private static SnapshotFormatException InvalidUtf8(JsonPathTracker path, ReadOnlySpan<byte> json, bool isName, int offset, bool escaped = false)
    {
        var what = isName ? "a property name" : "the string";
        var how = escaped ? "is not valid UTF-8, or escapes a lone UTF-16 surrogate" : "is not valid UTF-8";
        // An invalid name cannot be printed, so the path stops at the object that holds it.
        return Fail(path, json, $"{what} {how} (byte {offset + 1} of the body)", includeCurrentName: !isName);
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> text)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            if (System.Buffers.OperationStatus.Done != System.Text.Rune.DecodeFromUtf8(text[offset..], out _, out var consumed))
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    private static SnapshotFormatException Fail(JsonPathTracker path, ReadOnlySpan<byte> json, string reason, bool includeCurrentName = true) =>
        new(path.ToString(json, includeCurrentName), reason);
}
