using System.Globalization;
using Backtrace.Snapshots.Model;

namespace Backtrace.Capture.Building;

/// <summary>
/// Metadata attributes from three sources, later ones winning: a defaults file (<c>key=value</c> lines,
/// <c>#</c> comments), environment variables <c>BACKTRACE_ATTR_NAME=value</c> (name lower-cased), and
/// <c>--kv key=value</c> options. Values that read as numbers or booleans are stored as such.
/// </summary>
public static class AttributeSources
{
    public const string EnvironmentPrefix = "BACKTRACE_ATTR_";
    private const int MaxKeyLength = 128, MaxValueLength = 4096;

    /// <summary>Merges the sources; throws <see cref="ArgumentException"/> naming a malformed entry.</summary>
    public static Dictionary<string, AttributeValue> Merge(string? defaultsFile, System.Collections.IDictionary environment, IEnumerable<string> pairs)
    {
        var attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        if (defaultsFile is not null && File.Exists(defaultsFile))
        {
            var number = 0;
            foreach (var line in File.ReadLines(defaultsFile))
            {
                number++;
                var trimmed = line.Trim();
                if (trimmed.Length == 0 || trimmed[0] == '#')
                {
                    continue;
                }

                Add(attributes, trimmed, $"{defaultsFile} line {number}");
            }
        }

        foreach (System.Collections.DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && name.Length > EnvironmentPrefix.Length)
            {
                Add(attributes, name[EnvironmentPrefix.Length..].ToLowerInvariant() + "=" + entry.Value, $"environment variable {name}");
            }
        }

        foreach (var pair in pairs)
        {
            Add(attributes, pair, $"--kv {pair}");
        }

        return attributes;
    }

    private static void Add(Dictionary<string, AttributeValue> attributes, string pair, string source)
    {
        var equals = pair.IndexOf('=');
        if (equals <= 0)
        {
            throw new ArgumentException($"{source}: expected key=value");
        }

        var key = pair[..equals].Trim();
        var value = pair[(equals + 1)..].Trim();
        if (key.Length > MaxKeyLength || value.Length > MaxValueLength || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')))
        {
            throw new ArgumentException($"{source}: keys are up to {MaxKeyLength} letters, digits, '_', '.' or '-', values up to {MaxValueLength} characters");
        }

        attributes[key] = value switch
        {
            "true" => AttributeValue.FromBoolean(true),
            "false" => AttributeValue.FromBoolean(false),
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) => AttributeValue.FromNumber(number),
            _ => AttributeValue.FromString(value),
        };
    }
}
