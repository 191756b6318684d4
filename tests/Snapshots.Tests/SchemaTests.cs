using System.Text.Json;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;
using Backtrace.Snapshots.Validation;
using Json.Schema;

namespace Backtrace.Snapshots.Tests;

/// <summary>docs/snapshot-format.schema.json must describe exactly what the model reads and writes.</summary>
public sealed class SchemaTests
{
    private static readonly JsonElement SchemaDocument =
        JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("docs/snapshot-format.schema.json"))).RootElement;

    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaDocument.GetRawText());

    public static TheoryData<string, Type> Definitions => new()
    {
        { "", typeof(Snapshot) },
        { "host", typeof(SnapshotHost) },
        { "process", typeof(SnapshotProcess) },
        { "fault", typeof(SnapshotFault) },
        { "error", typeof(SnapshotError) },
        { "capture", typeof(CaptureInfo) },
        { "thread", typeof(SnapshotThread) },
        { "frame", typeof(SnapshotFrame) },
        { "variable", typeof(SnapshotVariable) },
        { "module", typeof(SnapshotModule) },
        { "mapping", typeof(MemoryMapping) },
        { "memory_region", typeof(MemoryRegion) },
        { "environment", typeof(SnapshotEnvironment) },
        { "annotation", typeof(Annotation) },
        { "annotation_target", typeof(AnnotationTarget) },
    };

    [Theory]
    [MemberData(nameof(Definitions))]
    public void SchemaDefinition_HasExactlyTheModelsFields(string definition, Type type)
    {
        var schemaObject = definition.Length == 0 ? SchemaDocument : SchemaDocument.GetProperty("$defs").GetProperty(definition);
        var schemaFields = schemaObject.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();
        // Properties without a setter ([JsonIgnore]d helpers such as Snapshot.FaultingThread) are not part of the format.
        var modelFields = SnapshotJsonContext.Default.GetTypeInfo(type)!.Properties.Where(p => p.Set is not null).Select(p => p.Name).Order();

        Assert.Equal(modelFields, schemaFields);
    }

    [Fact]
    public void SchemaEnums_ListExactlyTheModelsValues()
    {
        var frame = SchemaDocument.GetProperty("$defs").GetProperty("frame").GetProperty("properties");
        var trust = frame.GetProperty("trust").GetProperty("enum").EnumerateArray()
            .Where(e => e.ValueKind != JsonValueKind.Null).Select(e => e.GetString());
        var level = SchemaDocument.GetProperty("$defs").GetProperty("annotation").GetProperty("properties").GetProperty("level")
            .GetProperty("enum").EnumerateArray().Select(e => e.GetString());

        Assert.Equal(Enum.GetValues<FrameTrust>().Select(v => JsonSerializer.Serialize(v, SnapshotJsonContext.Default.FrameTrust).Trim('"')), trust);
        Assert.Equal(Enum.GetValues<AnnotationLevel>().Select(v => JsonSerializer.Serialize(v, SnapshotJsonContext.Default.AnnotationLevel).Trim('"')), level);
        Assert.Equal(JsonTerms.FrameTrustValues, string.Join(", ", trust.Select(t => $"\"{t}\"")).Replace(", \"synthetic\"", " or \"synthetic\""));
    }

    public static TheoryData<string, byte[]> ValidDocuments => new()
    {
        { "examples/null-dereference.json", RepositoryFiles.Read("examples/null-dereference.json") },
        { "the sample built in code", SnapshotJson.Serialize(SampleSnapshots.NullDereference()) },
        {
            "examples/backtrace-report.json mapped to the native format",
            SnapshotJson.Serialize(SnapshotReader.ReadBacktraceReport(RepositoryFiles.Read("examples/backtrace-report.json"), SnapshotLimits.Default))
        },
    };

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public void Schema_AcceptsSnapshotsTheModelWrites(string name, byte[] document)
    {
        var result = Evaluate(document);

        Assert.True(result.IsValid, $"{name}: {Describe(result)}");
    }

    [Theory]
    [InlineData("""{"timestamp":"2026-11-25T12:00:00Z"}""")]
    [InlineData("""{"uuid":"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01","timestamp":"2026-11-25T12:00:00Z","threads":[{"tid":1,"frames":[{"pc":"401136"}]}]}""")]
    [InlineData("""{"uuid":"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01","timestamp":"2026-11-25T12:00:00Z","attributes":{"a":{"b":1}}}""")]
    [InlineData("""{"uuid":"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01","timestamp":"2026-11-25T12:00:00Z","annotations":[{"name":"no body"}]}""")]
    [InlineData("""{"uuid":"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01","timestamp":"2026-11-25T12:00:00Z","version":2}""")]
    public void Schema_RejectsWhatTheReaderRejects(string json)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);

        Assert.False(Evaluate(bytes).IsValid);
        Assert.Throws<SnapshotFormatException>(() => SnapshotReader.ReadNative(bytes, SnapshotLimits.Default));
    }

    private static EvaluationResults Evaluate(byte[] document)
    {
        using var parsed = JsonDocument.Parse(document);
        return Schema.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    private static string Describe(EvaluationResults result) => string.Join("; ",
        (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}"));
}
