using System.Text.Json;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots.Reports;

/// <summary>
/// Maps the Backtrace JSON crash report, the body that existing Backtrace client libraries POST to
/// <c>/post?format=json</c>, into the native snapshot model. docs/snapshot-format.md ("Backtrace JSON
/// reports") lists where every report field lands. Wrong types and missing required fields fail with
/// the report's own JSON path (<c>$.threads.main.stack[3].line</c>).
/// </summary>
internal static class BacktraceReportMapper
{
    /// <summary>Attributes whose names start with this are submission modifiers, not data.</summary>
    private const string ModifierPrefix = "_mod_";

    /// <summary>Earliest and latest accepted timestamps, in Unix seconds (0001-01-01 and 9999-12-31).</summary>
    private const double MinSeconds = -62_135_596_800, MaxSeconds = 253_402_300_799;

    public static Snapshot Map(JsonElement root, SnapshotLimits limits, IReadOnlyList<KeyValuePair<string, string>>? extraAttributes)
    {
        var report = new ReportNode(root, JsonPath.Root).Expect(JsonValueKind.Object);
        var snapshot = new Snapshot
        {
            Uuid = ReadUuid(report),
            Timestamp = ReadTimestamp(report),
            Language = report.String("lang"),
            LanguageVersion = report.String("langVersion"),
            Agent = report.String("agent"),
            AgentVersion = report.String("agentVersion"),
            Capture = new CaptureInfo { Source = "report" },
        };

        var modifiers = ReadAttributes(report, snapshot.Attributes, limits, extraAttributes);
        if (report.Field("classifiers") is { } classifiers)
        {
            foreach (var classifier in classifiers.Expect(JsonValueKind.Array).Items(limits.MaxListItems, "classifiers"))
            {
                snapshot.Classifiers.Add(classifier.Kind == JsonValueKind.String && classifier.Element.GetString() is { Length: > 0 } text
                    ? text
                    : throw classifier.Fail($"a classifier must be a non-empty string, not {ReportNode.Describe(classifier.Kind)}"));
            }
        }

        var sourceFiles = ReadAnnotations(report, snapshot, limits);
        BacktraceThreadMapper.Read(report, snapshot, sourceFiles, limits);
        BacktraceModuleMapper.Read(report, snapshot, limits);
        snapshot.Fingerprint = ReadFingerprint(report, modifiers);
        BacktraceWellKnownAttributes.Apply(snapshot, report.Field("arch")?.String("name"));
        return snapshot;
    }

    private static Guid ReadUuid(ReportNode report)
    {
        var text = report.String("uuid") ?? throw report.Fail("uuid", "required: the report's uuid (a random UUID that identifies it)");
        return Guid.TryParse(text, out var uuid) && uuid != Guid.Empty
            ? uuid
            : throw report.Fail("uuid", "expected a UUID such as \"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01\" (not the nil UUID)");
    }

    private static DateTimeOffset ReadTimestamp(ReportNode report)
    {
        var seconds = report.Number("timestamp") ?? throw report.Fail("timestamp", "required: when the error happened, in Unix seconds (UTC)");
        return seconds is >= MinSeconds and <= MaxSeconds
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
            : throw report.Fail("timestamp", $"{seconds} is not a Unix time in seconds between years 1 and 9999");
    }

    /// <summary>Reads <c>attributes</c> plus the request's extra attributes (query string or form fields,
    /// which win over the body's); returns the <c>_mod_*</c> modifiers, which are kept apart from the data.</summary>
    private static Dictionary<string, AttributeValue> ReadAttributes(
        ReportNode report,
        Dictionary<string, AttributeValue> attributes,
        SnapshotLimits limits,
        IReadOnlyList<KeyValuePair<string, string>>? extraAttributes)
    {
        var modifiers = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        if (report.Field("attributes") is { } body)
        {
            foreach (var (key, value) in body.Expect(JsonValueKind.Object).Members(limits.MaxAttributes + limits.MaxListItems, "attributes"))
            {
                if (value.Kind == JsonValueKind.Null)
                {
                    continue;
                }

                var attribute = value.Kind switch
                {
                    JsonValueKind.String => AttributeValue.FromString(value.Element.GetString()!),
                    JsonValueKind.Number => AttributeValue.FromNumber(value.Element.GetDouble()),
                    JsonValueKind.True => AttributeValue.FromBoolean(true),
                    JsonValueKind.False => AttributeValue.FromBoolean(false),
                    _ => throw value.Fail($"an attribute value must be a string, number, boolean or null, not {ReportNode.Describe(value.Kind)}"),
                };
                Add(key, attribute, value.Path);
            }
        }

        foreach (var (key, value) in extraAttributes ?? [])
        {
            Add(key, AttributeValue.FromString(value), $"the request's attribute '{key}'");
        }

        return modifiers;

        void Add(string key, AttributeValue value, string path)
        {
            var target = key.StartsWith(ModifierPrefix, StringComparison.Ordinal) ? modifiers : attributes;
            if (AttributeKeys.Problem(key, limits) is { } problem)
            {
                throw new SnapshotFormatException(path, problem);
            }

            target[key] = value;
            if (attributes.Count > limits.MaxAttributes)
            {
                throw new SnapshotFormatException(path, $"more than {limits.MaxAttributes} attributes; the limit is {limits.MaxAttributes}");
            }
        }
    }

    /// <summary>Reads <c>annotations</c> (one annotation per member) and <c>sourceCode</c>; returns the
    /// source files by id, which frames refer to.</summary>
    private static Dictionary<string, string> ReadAnnotations(ReportNode report, Snapshot snapshot, SnapshotLimits limits)
    {
        var source = snapshot.Agent ?? "backtrace-report";
        if (report.Field("annotations") is { } annotations)
        {
            foreach (var (name, value) in annotations.Expect(JsonValueKind.Object).Members(limits.MaxAnnotations, "annotations"))
            {
                if (name.Length == 0)
                {
                    throw value.Fail("an annotation needs a non-empty name");
                }

                snapshot.Annotations.Add(value.Kind switch
                {
                    JsonValueKind.String => new Annotation { Name = name, Text = value.Element.GetString(), Source = source },
                    JsonValueKind.Null => new Annotation { Name = name, Text = "", Source = source },
                    _ => new Annotation { Name = name, Json = value.Element.Clone(), Source = source },
                });
            }
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (report.Field("sourceCode") is { } sourceCode)
        {
            foreach (var (id, entry) in sourceCode.Expect(JsonValueKind.Object).Members(limits.MaxListItems, "source code entries"))
            {
                if (entry.Expect(JsonValueKind.Object).String("path") is { } path)
                {
                    files[id] = path;
                }
            }

            if (snapshot.Annotations.Count >= limits.MaxAnnotations)
            {
                throw sourceCode.Fail($"the source code would be annotation {limits.MaxAnnotations + 1}; the limit is {limits.MaxAnnotations}");
            }

            // Kept whole, so viewers can show the code the client sent beside the frames that refer to it.
            snapshot.Annotations.Add(new Annotation { Name = "Source code", Json = sourceCode.Element.Clone(), Source = source });
        }

        return files;
    }

    /// <summary>
    /// <c>fingerprint</c> is 32 bytes in base64 (or, from some clients, 64 hex digits) and becomes 64
    /// lower-case hex digits; the <c>_mod_fingerprint</c> modifier is an override in any accepted form.
    /// </summary>
    private static string? ReadFingerprint(ReportNode report, Dictionary<string, AttributeValue> modifiers)
    {
        if (modifiers.TryGetValue("_mod_fingerprint", out var modifier))
        {
            var text = modifier.ToString();
            return FingerprintOverride.Problem(text) is { } problem
                ? throw new SnapshotFormatException("$.attributes._mod_fingerprint", problem)
                : text;
        }

        if (report.String("fingerprint") is not { } fingerprint)
        {
            return null;
        }

        if (fingerprint.Length == 64 && fingerprint.All(char.IsAsciiHexDigit))
        {
            return fingerprint.ToLowerInvariant();
        }

        var bytes = new byte[32];
        return Convert.TryFromBase64String(fingerprint, bytes, out var written) && written == 32
            ? Convert.ToHexStringLower(bytes)
            : throw report.Fail("fingerprint", "expected 32 bytes in base64 (or 64 hex digits)");
    }
}
