using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Backtrace.Snapshots.Validation;

/// <summary>
/// The common case of <see cref="JsonPreflight"/>: a document with nothing wrong. One UTF-8 check of the whole
/// body (vectorized; every string's bytes lie between two ASCII quotes, so a valid document has valid strings)
/// and one reader pass that checks depth and lengths with a few bits of state instead of a path. It accepts
/// only documents that <see cref="JsonPreflight.Check"/> accepts; anything else goes to that full pass, which
/// finds the same first problem and names its path.
/// </summary>
internal static class JsonFastPreflight
{
    private static ReadOnlySpan<byte> MemoryProperty => "memory"u8;

    /// <summary>True when <paramref name="json"/> certainly passes <see cref="JsonPreflight.Check"/>.</summary>
    public static bool Passes(ReadOnlySpan<byte> json, SnapshotLimits limits, ReadOnlySpan<byte> memoryBytesProperty)
    {
        if (!Utf8.IsValid(json))
        {
            return false;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            MaxDepth = limits.MaxDepth + 1,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });

        // What the memory-bytes exemption needs to know about $.memory[i].<memoryBytesProperty>: the kind of the
        // containers opened at depths 1 and 2, the root's current property and the depth-3 object's current one.
        var arrayAtDepth1 = false;
        var arrayAtDepth2 = false;
        var inMemory = false;
        var atMemoryBytes = false;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var depth = reader.CurrentDepth;
                        if (depth >= limits.MaxDepth)
                        {
                            return false;
                        }

                        if (depth == 1)
                        {
                            arrayAtDepth1 = reader.TokenType == JsonTokenType.StartArray;
                        }
                        else if (depth == 2)
                        {
                            arrayAtDepth2 = reader.TokenType == JsonTokenType.StartArray;
                        }

                        break;
                    case JsonTokenType.PropertyName:
                        if (!TextFits(ref reader, limits, exempt: false))
                        {
                            return false;
                        }

                        // Escaped names never match, as in the full pass, which compares raw bytes.
                        if (reader.CurrentDepth == 1)
                        {
                            inMemory = !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual(MemoryProperty);
                        }
                        else if (reader.CurrentDepth == 3)
                        {
                            atMemoryBytes = !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual(memoryBytesProperty);
                        }

                        break;
                    case JsonTokenType.String:
                        var exempt = reader.CurrentDepth == 3 && inMemory && arrayAtDepth1 && !arrayAtDepth2 && atMemoryBytes;
                        if (!TextFits(ref reader, limits, exempt))
                        {
                            return false;
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return true;
    }

    /// <summary>Whether a string or name is within the length limit and, when escaped, decodes to valid text.</summary>
    private static bool TextFits(ref Utf8JsonReader reader, SnapshotLimits limits, bool exempt)
    {
        if (!reader.ValueIsEscaped)
        {
            return exempt || reader.ValueSpan.Length <= limits.MaxStringBytes;
        }

        try
        {
            return exempt || Encoding.UTF8.GetByteCount(reader.GetString()!) <= limits.MaxStringBytes;
        }
        catch (InvalidOperationException)
        {
            // An escape naming a lone UTF-16 surrogate.
            return false;
        }
    }
}
