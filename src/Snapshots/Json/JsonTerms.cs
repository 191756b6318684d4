using System.Text.RegularExpressions;

namespace Backtrace.Snapshots.Json;

/// <summary>
/// Rewrites System.Text.Json's conversion messages, which name .NET types ("could not be converted to
/// System.Int64"), into the JSON terms a sender of any language understands ("expected an integer").
/// </summary>
internal static partial class JsonTerms
{
    /// <summary>JSON names of <see cref="Model.FrameTrust"/>, as docs/snapshot-format.md lists them.</summary>
    internal const string FrameTrustValues = "\"context\", \"cfi\", \"frame_pointer\", \"scan\" or \"synthetic\"";

    /// <summary>JSON names of <see cref="Model.AnnotationLevel"/>.</summary>
    internal const string AnnotationLevelValues = "\"comment\", \"warning\" or \"critical\"";

    public static string Explain(string message)
    {
        var conversion = ConversionMessage().Match(message);
        if (conversion.Success)
        {
            return $"expected {Term(conversion.Groups["type"].Value)}";
        }

        return message.Contains("doesn't allow setting null", StringComparison.Ordinal) ||
               message.Contains("does not allow setting null", StringComparison.Ordinal)
            ? "must not be null"
            : message;
    }

    private static string Term(string type) => type switch
    {
        "System.Byte[]" => "a base64 string",
        _ when type.Contains("List`1", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "an array",
        _ when type.Contains("Dictionary`2", StringComparison.Ordinal) => "an object",
        _ when type.Contains("FrameTrust", StringComparison.Ordinal) => FrameTrustValues,
        _ when type.Contains("AnnotationLevel", StringComparison.Ordinal) => AnnotationLevelValues,
        _ when type.Contains("Int16", StringComparison.Ordinal) || type.Contains("Int32", StringComparison.Ordinal) ||
               type.Contains("Int64", StringComparison.Ordinal) => "an integer within the field's range",
        _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) => "a number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("Guid", StringComparison.Ordinal) => "a uuid string such as \"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01\"",
        _ when type.Contains("DateTimeOffset", StringComparison.Ordinal) => "an ISO 8601 date-time string such as \"2026-11-25T12:00:00Z\"",
        "System.String" => "a string",
        _ when type.StartsWith("Backtrace.Snapshots.Model.", StringComparison.Ordinal) => "an object",
        _ => type,
    };

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>.+?)\.?$")]
    private static partial Regex ConversionMessage();
}
