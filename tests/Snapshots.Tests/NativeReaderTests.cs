using System.Text;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots.Tests;

public sealed class NativeReaderTests
{
    private const string Head = """{"uuid":"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01","timestamp":"2026-11-25T12:00:00Z",""";

    private static SnapshotFormatException Reject(string json, SnapshotLimits? limits = null) =>
        Reject(Encoding.UTF8.GetBytes(json), limits);

    private static SnapshotFormatException Reject(byte[] json, SnapshotLimits? limits = null) =>
        Assert.Throws<SnapshotFormatException>(() => SnapshotReader.ReadNative(json, limits ?? SnapshotLimits.Default));

    [Fact]
    public void ReadNative_TheExampleSnapshot_IsAccepted()
    {
        var snapshot = SnapshotReader.ReadNative(RepositoryFiles.Read("examples/null-dereference.json"), SnapshotLimits.Default);

        Assert.Equal(Guid.Parse("3f5e8a2c-9b1d-4c7e-8f21-6a0d4b9c2e11"), snapshot.Uuid);
        Assert.Equal("parse_header", snapshot.FaultingThread!.Frames[0].Function);
        Assert.Equal(24, snapshot.Memory[0].Bytes.Length);
    }

    [Fact]
    public void ReadNative_AcceptsAUtf8ByteOrderMark()
    {
        var json = Encoding.UTF8.GetBytes(Head + "\"threads\":[]}");
        var snapshot = SnapshotReader.ReadNative([0xEF, 0xBB, 0xBF, .. json], SnapshotLimits.Default);

        Assert.Empty(snapshot.Threads);
    }

    [Fact]
    public void ReadNative_InvalidUtf8InAString_NamesThePathAndTheByte()
    {
        var prefix = Encoding.UTF8.GetBytes(Head + "\"threads\":[{\"tid\":1,\"name\":\"ab");
        byte[] json = [.. prefix, 0xC3, 0x28, .. "\"}]}"u8];

        var error = Reject(json);

        Assert.Equal("$.threads[0].name", error.Path);
        Assert.Equal($"the string is not valid UTF-8 (byte {prefix.Length + 1} of the body)", error.Reason);
    }

    [Fact]
    public void ReadNative_InvalidUtf8InAPropertyName_NamesTheObject()
    {
        byte[] json = [.. Encoding.UTF8.GetBytes(Head + "\"attributes\":{\"k"), 0xFF, .. "\":1}}"u8];

        var error = Reject(json);

        Assert.Equal("$.attributes", error.Path);
        Assert.StartsWith("a property name is not valid UTF-8", error.Reason);
    }

    [Fact]
    public void ReadNative_AnEscapedLoneSurrogate_IsRejected()
    {
        var error = Reject(Head + "\"application\":\"x\\ud800y\"}");

        Assert.Equal("$.application", error.Path);
        Assert.Contains("lone UTF-16 surrogate", error.Reason);
    }

    [Fact]
    public void ReadNative_AStringOverTheLimit_IsRejectedWithItsLength()
    {
        var limits = new SnapshotLimits { MaxStringBytes = 1000 };

        var error = Reject(Head + $"\"threads\":[{{\"tid\":1,\"frames\":[{{\"pc\":\"0x1\",\"function\":\"{new string('f', 1001)}\"}}]}}]}}", limits);

        Assert.Equal("$.threads[0].frames[0].function", error.Path);
        Assert.Equal("string is 1001 bytes long; the limit is 1000 bytes", error.Reason);
    }

    [Fact]
    public void ReadNative_MemoryBytesAreBoundedByTheMemoryLimitNotTheStringLimit()
    {
        var bytes = Convert.ToBase64String(new byte[3000]);
        var json = Head + $"\"memory\":[{{\"address\":\"0x1000\",\"bytes\":\"{bytes}\"}}]}}";

        var snapshot = SnapshotReader.ReadNative(Encoding.UTF8.GetBytes(json), new SnapshotLimits { MaxStringBytes = 1000 });
        var error = Reject(json, new SnapshotLimits { MaxStringBytes = 1000, MaxMemoryBytes = 2999 });

        Assert.Equal(3000, snapshot.Memory[0].Bytes.Length);
        Assert.Equal("$.memory[0].bytes", error.Path);
        Assert.Contains("the limit for one snapshot is 2999 bytes", error.Reason);
    }

    [Fact]
    public void ReadNative_NestingDeeperThanTheLimit_NamesWhereItGotTooDeep()
    {
        var limits = new SnapshotLimits { MaxDepth = 10 };
        var deep = new string('[', 10) + new string(']', 10);

        var error = Reject(Head + $"\"annotations\":[{{\"name\":\"n\",\"json\":{deep}}}]}}", limits);

        // Levels: the document 1, annotations 2, annotations[0] 3, json 4; level 11 is json's 7th nested array.
        Assert.Equal("$.annotations[0].json[0][0][0][0][0][0][0]", error.Path);
        Assert.StartsWith("nesting is deeper than 10 levels", error.Reason);
    }

    [Theory]
    [InlineData("{\"uuid\":", "malformed JSON")]
    [InlineData("", "malformed JSON")]
    [InlineData("{\"uuid\":\"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01\",}", "malformed JSON")]
    [InlineData("[1,2]", "expected an object")]
    public void ReadNative_MalformedDocuments_AreRejected(string json, string reason)
    {
        var error = Reject(json);

        Assert.StartsWith(reason, error.Reason);
    }

    [Theory]
    [InlineData("\"threads\":[{\"tid\":\"one\"}]}", "$.threads[0].tid", "expected an integer within the field's range")]
    [InlineData("\"threads\":{}}", "$.threads", "expected an array")]
    [InlineData("\"process\":{\"pid\":1,\"age_seconds\":\"old\"}}", "$.process.age_seconds", "expected a number")]
    [InlineData("\"threads\":[{\"tid\":1,\"faulted\":\"yes\"}]}", "$.threads[0].faulted", "expected true or false")]
    [InlineData("\"threads\":[{\"tid\":1,\"frames\":[{\"pc\":\"0x1\",\"trust\":\"guess\"}]}]}", "$.threads[0].frames[0].trust", "expected \"context\", \"cfi\", \"frame_pointer\", \"scan\" or \"synthetic\"")]
    [InlineData("\"modules\":[{\"path\":null,\"base\":\"0x1\",\"size\":1}]}", "$.modules[0].path", "must not be null")]
    [InlineData("\"attributes\":{\"big\":1e400}}", "$.attributes.big", "the number is beyond the range of a 64-bit float")]
    [InlineData("\"environment\":{\"system\":{\"mem.total\":-1e400}}}", "$.environment.system['mem.total']", "the number is beyond the range of a 64-bit float")]
    [InlineData("\"process\":{\"pid\":1,\"age_seconds\":1e999}}", "$.process.age_seconds", "the number is beyond the range of a 64-bit float")]
    public void ReadNative_WrongTypes_SayWhatWasExpected(string tail, string path, string reason)
    {
        var error = Reject(Head + tail);

        Assert.Equal(path, error.Path);
        Assert.StartsWith(reason, error.Reason);
    }

    [Fact]
    public void ReadNative_WrongUuidAndTimestampTypes_AreExplainedInJsonTerms()
    {
        var uuid = Reject("""{"uuid":"not-a-uuid","timestamp":"2026-11-25T12:00:00Z"}""");
        var timestamp = Reject("""{"uuid":"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01","timestamp":1795600000}""");

        Assert.Equal("$.uuid", uuid.Path);
        Assert.StartsWith("expected a uuid string", uuid.Reason);
        Assert.Equal("$.timestamp", timestamp.Path);
        Assert.StartsWith("expected an ISO 8601 date-time string", timestamp.Reason);
    }

    [Fact]
    public void ReadNative_MissingRequiredFields_AreAllReported()
    {
        var error = Reject("""{"version":2,"annotations":[{"name":""}],"modules":[{"base":"0x1","size":1}]}""");

        Assert.Equal(
            [
                "$.version: format version 2 is not supported; this reader knows version 1",
                "$.uuid: required: a random uuid that identifies the snapshot (the nil uuid is not one)",
                "$.timestamp: required: when the crash happened, as an ISO 8601 date-time",
                "$.modules[0].path: required: the module's file path or name",
                "$.annotations[0].name: required: a short title for the annotation",
                "$.annotations[0]: an annotation needs a \"text\" or a \"json\" body",
            ],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void ReadNative_CountsOverTheLimits_AreRejected()
    {
        var limits = new SnapshotLimits { MaxThreads = 2, MaxFramesPerThread = 2, MaxAttributes = 1, MaxAnnotations = 1, MaxListItems = 2 };
        var json = Head + """
            "threads":[{"tid":1,"frames":[{"pc":1},{"pc":2},{"pc":3}]},{"tid":2},{"tid":3}],
            "attributes":{"a":1,"b":2},
            "annotations":[{"name":"a","text":"x"},{"name":"b","text":"y"}],
            "classifiers":["a","b","c"]}
            """;

        var error = Reject(json, limits);

        Assert.Equal(
            [
                "$.threads: 3 threads; the limit is 2",
                "$.threads[0].frames: 3 frames; the limit is 2",
                "$.attributes: 2 entries; the limit is 1",
                "$.annotations: 2 annotations; the limit is 1",
                "$.classifiers: 3 classifiers; the limit is 2",
            ],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void ReadNative_BadAttributeKeysAndFingerprints_AreRejected()
    {
        var longKey = new string('k', 300);
        var error = Reject(Head + $"\"attributes\":{{\"{longKey}\":1,\"\":2,\"a\\u0001\":3}},\"fingerprint\":\"a/b\"}}");

        Assert.Contains(error.Problems, p => p.Reason == "the attribute key is 300 characters long; the limit is 256");
        Assert.Contains(error.Problems, p => p.Path == "$.attributes['']" && p.Reason == "an attribute key must not be empty");
        Assert.Contains(error.Problems, p => p.Reason == "an attribute key must not contain control characters");
        Assert.Contains(error.Problems, p => p.Path == "$.fingerprint" && p.Reason.Contains("only letters, digits"));
    }

    [Fact]
    public void SnapshotLimits_Check_ExplainsEveryUnusableSetting()
    {
        var problems = new SnapshotLimits { MaxDepth = 100, MaxThreads = 0, MaxMemoryBytes = -1 }.Check();

        Assert.Equal(
            [
                "MaxDepth is 100: set it between 8 (the model's own nesting) and 64",
                "MaxThreads is 0: set it to 1 or more",
                "MaxMemoryBytes is -1: set it to 0 (no memory contents) or more",
            ],
            problems);
        Assert.Empty(SnapshotLimits.Default.Check());
    }
}
