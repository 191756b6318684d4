using System.Globalization;
using System.Text.Json.Serialization;
using Backtrace.Snapshots.Json;

namespace Backtrace.Snapshots.Model;

/// <summary>The kinds of value an attribute can hold.</summary>
public enum AttributeKind
{
    String,
    Number,
    Boolean,
}

/// <summary>An attribute value: a string, a number or a boolean. In JSON it is the plain JSON primitive.</summary>
[JsonConverter(typeof(AttributeValueConverter))]
public readonly record struct AttributeValue
{
    private AttributeValue(AttributeKind kind, string? text, double number, bool boolean)
    {
        Kind = kind;
        _text = text;
        _number = number;
        _boolean = boolean;
    }

    private readonly string? _text;
    private readonly double _number;
    private readonly bool _boolean;

    public AttributeKind Kind { get; }

    public static AttributeValue FromString(string value) => new(AttributeKind.String, value, 0, false);
    public static AttributeValue FromNumber(double value) => new(AttributeKind.Number, null, value, false);
    public static AttributeValue FromBoolean(bool value) => new(AttributeKind.Boolean, null, 0, value);

    public static implicit operator AttributeValue(string value) => FromString(value);
    public static implicit operator AttributeValue(double value) => FromNumber(value);
    public static implicit operator AttributeValue(bool value) => FromBoolean(value);

    /// <summary>The string value; throws unless <see cref="Kind"/> is <see cref="AttributeKind.String"/>.</summary>
    public string AsString => Kind == AttributeKind.String ? _text! : throw WrongKind(AttributeKind.String);
    public double AsNumber => Kind == AttributeKind.Number ? _number : throw WrongKind(AttributeKind.Number);
    public bool AsBoolean => Kind == AttributeKind.Boolean ? _boolean : throw WrongKind(AttributeKind.Boolean);

    /// <summary>The value as display and index text: strings as-is, numbers invariant, booleans lower-case.</summary>
    public override string ToString() => Kind switch
    {
        AttributeKind.String => _text!,
        AttributeKind.Number => _number.ToString("R", CultureInfo.InvariantCulture),
        _ => _boolean ? "true" : "false",
    };

    private InvalidOperationException WrongKind(AttributeKind wanted) =>
        new($"attribute value is a {Kind}, not a {wanted}");
}
