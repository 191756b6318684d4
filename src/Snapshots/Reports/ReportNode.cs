using System.Globalization;
using System.Text.Json;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots.Reports;

/// <summary>
/// A JSON value of a Backtrace report together with its path, with typed accessors that fail with a
/// <see cref="SnapshotFormatException"/> naming that path and what was expected. Paths of fields are
/// built only when a field is wrong, so reading a valid report allocates a path per object, not per field.
/// </summary>
internal readonly struct ReportNode(JsonElement element, string path)
{
    public JsonElement Element { get; } = element;

    public string Path { get; } = path;

    public JsonValueKind Kind => Element.ValueKind;

    /// <summary>The property <paramref name="name"/>, or null when it is absent or JSON null.</summary>
    public ReportNode? Field(string name) =>
        Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new ReportNode(value, JsonPath.Property(Path, name))
            : null;

    public string? String(string name) => Element.TryGetProperty(name, out var value) ? AsString(value, name) : null;

    public bool? Boolean(string name) => Element.TryGetProperty(name, out var value) ? value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => throw Wrong(name, "true or false", value),
    } : null;

    public double? Number(string name) => Element.TryGetProperty(name, out var value) ? value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Null => null,
        _ => throw Wrong(name, "a number", value),
    } : null;

    /// <summary>A whole number that fits <see cref="int"/> (line and column numbers, sizes).</summary>
    public int? Int32(string name) => Element.TryGetProperty(name, out var value) ? value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var number) => number,
        JsonValueKind.Null => null,
        _ => throw Wrong(name, "a whole number between -2147483648 and 2147483647", value),
    } : null;

    /// <summary>
    /// An address or other 64-bit unsigned value: Backtrace clients send a JSON number, a decimal string
    /// (JSON numbers lose precision above 2^53) or a <c>0x</c> hex string.
    /// </summary>
    public ulong? UInt64(string name)
    {
        if (!Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && ParseUInt64(value.GetString()!) is { } parsed)
        {
            return parsed;
        }

        throw Wrong(name, "a non-negative 64-bit integer, as a number, a decimal string or a \"0x...\" hex string", value);
    }

    /// <summary>The elements of this array, each with its path.</summary>
    public IEnumerable<ReportNode> Items(int max, string what)
    {
        var length = Element.GetArrayLength();
        if (length > max)
        {
            throw new SnapshotFormatException(Path, $"{length} {what}; the limit is {max}");
        }

        var index = 0;
        foreach (var item in Element.EnumerateArray())
        {
            yield return new ReportNode(item, JsonPath.Index(Path, index++));
        }
    }

    /// <summary>The members of this object, each with its path.</summary>
    public IEnumerable<(string Name, ReportNode Value)> Members(int max, string what)
    {
        var count = 0;
        foreach (var member in Element.EnumerateObject())
        {
            if (++count > max)
            {
                throw new SnapshotFormatException(Path, $"more than {max} {what}; the limit is {max}");
            }

            yield return (member.Name, new ReportNode(member.Value, JsonPath.Property(Path, member.Name)));
        }
    }

    /// <summary>Fails unless this value is of <paramref name="kind"/> (an object or an array).</summary>
    public ReportNode Expect(JsonValueKind kind)
    {
        if (Kind != kind)
        {
            throw new SnapshotFormatException(Path, $"expected {Describe(kind)}, found {Describe(Kind)}");
        }

        return this;
    }

    public SnapshotFormatException Fail(string reason) => new(Path, reason);

    public SnapshotFormatException Fail(string name, string reason) => new(JsonPath.Property(Path, name), reason);

    internal static ulong? ParseUInt64(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return text.Length is > 2 and <= 18 &&
                   ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)
                ? hex
                : null;
        }

        return text.Length > 0 && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private string? AsString(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw Wrong(name, "a string", value),
    };

    private SnapshotFormatException Wrong(string name, string expected, JsonElement value) =>
        Fail(name, $"expected {expected}, found {Describe(value.ValueKind)}");
}
