using System.Text;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots.Tests;

public sealed class BacktraceReportTests
{
    private const string Head = """{"uuid":"0c8a1f3e-7d52-4b9a-a6e4-19f2d7c3b805","timestamp":1795600000,""";

    private static Snapshot Read(string json, IReadOnlyList<KeyValuePair<string, string>>? extra = null) =>
        SnapshotReader.ReadBacktraceReport(Encoding.UTF8.GetBytes(json), SnapshotLimits.Default, extra);

    private static SnapshotFormatException Reject(string json, SnapshotLimits? limits = null) =>
        Assert.Throws<SnapshotFormatException>(() =>
            SnapshotReader.ReadBacktraceReport(Encoding.UTF8.GetBytes(json), limits ?? SnapshotLimits.Default));

    [Fact]
    public void ReadBacktraceReport_TheNodeClientExample_MapsIntoTheNativeModel()
    {
        var snapshot = SnapshotReader.ReadBacktraceReport(RepositoryFiles.Read("examples/backtrace-report.json"), SnapshotLimits.Default);

        Assert.Equal(Guid.Parse("0c8a1f3e-7d52-4b9a-a6e4-19f2d7c3b805"), snapshot.Uuid);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795600000), snapshot.Timestamp);
        Assert.Equal(("nodejs", "v20.20.2", "@backtrace/node", "0.8.3"), (snapshot.Language, snapshot.LanguageVersion, snapshot.Agent, snapshot.AgentVersion));
        Assert.Equal(("billing", "3.2.0"), (snapshot.Application, snapshot.ApplicationVersion));
        Assert.Equal(("billing-1", "linux", "x64"), (snapshot.Host!.Hostname, snapshot.Host.Os, snapshot.Host.Architecture));
        Assert.Equal(3141, snapshot.Process!.Pid);
        Assert.Equal("TypeError", snapshot.Error!.Type);
        Assert.Equal("Cannot read properties of undefined (reading 'total')", snapshot.Error.Message);
        Assert.Equal("Cannot read properties of undefined (reading 'total')", snapshot.Attributes["error.message"].AsString);
        Assert.Equal(["TypeError"], snapshot.Classifiers);
        Assert.Equal("report", snapshot.Capture!.Source);

        var thread = Assert.Single(snapshot.Threads);
        Assert.Same(thread, snapshot.FaultingThread);
        Assert.Equal(("main", 1L), (thread.Name, thread.Tid));
        Assert.Equal(["renderInvoice", "Router.handle", "process.processTicksAndRejections"], thread.Frames.Select(f => f.Function));
        Assert.Equal(("/srv/billing/src/invoice.js", 42, 17), (thread.Frames[0].Module, thread.Frames[0].Line, thread.Frames[0].Column));

        Assert.Equal(["error", "Exec Arguments"], snapshot.Annotations.Select(a => a.Name));
        Assert.Equal("TypeError", snapshot.Annotations[0].Json!.Value.GetProperty("name").GetString());
        Assert.Equal("@backtrace/node", snapshot.Annotations[0].Source);
    }

    [Fact]
    public void ReadBacktraceReport_NativeFields_MapToFramesModulesAndMemory()
    {
        var snapshot = Read(Head + """
            "mainThread":"200",
            "arch":{"name":"x86_64","registers":{"rip":"u64"}},
            "fingerprint":"ASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4mrze8=",
            "threads":{
              "100":{"name":"io","fault":false,"stack":[{"address":"0x7f0000001000","library":"libc.so.6","funcName":"read"}]},
              "200":{"name":"","stack":[
                {"address":"140737488355328","library":"app","faulted":true,"registers":{"rip":"0x401000","rsp":140737488355000,"flags":"ZF|CF"}},
                {"funcName":"main","library":"app","sourceCode":"s1","line":9,"guessed_frame":true}]}
            },
            "sourceCode":{"s1":{"path":"/src/main.c","text":"int main() {}","startLine":1}},
            "modules":[{"start":"0x400000","size":4096,"code_file":"/usr/bin/app","debug_identifier":"abc123","debug_file":"/usr/lib/debug/app.debug"}],
            "memory":[{"start":"0x7fff0000","data":"AQID","perms":{"read":true,"write":true}},{"start":4096,"size":8192}]}
            """);

        Assert.Equal([200L, 100L], snapshot.Threads.Select(t => t.Tid));
        var main = snapshot.Threads[0];
        Assert.Equal("200", main.Name);
        Assert.True(main.Faulted);
        Assert.False(snapshot.Threads[1].Faulted);
        Assert.Equal(140737488355328UL, main.Frames[0].Pc);
        Assert.Equal(new Dictionary<string, ulong> { ["rip"] = 0x401000, ["rsp"] = 140737488355000 }, main.Frames[0].Registers);
        Assert.Equal(("/src/main.c", FrameTrust.Scan), (main.Frames[1].File, main.Frames[1].Trust));
        Assert.Equal(0x7f0000001000UL, snapshot.Threads[1].Frames[0].Pc);
        Assert.Equal("x86_64", snapshot.Host!.Architecture);
        Assert.Equal("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", snapshot.Fingerprint);

        var module = Assert.Single(snapshot.Modules);
        Assert.Equal(("/usr/bin/app", 0x400000UL, 4096UL, "abc123", "/usr/lib/debug/app.debug"),
            (module.Path, module.Base, module.Size, module.BuildId, module.DebugFile));
        var region = Assert.Single(snapshot.Memory);
        Assert.Equal((0x7fff0000UL, "rw-"), (region.Address, region.Permissions));
        Assert.Equal(new byte[] { 1, 2, 3 }, region.Bytes);
        var mapping = Assert.Single(snapshot.Mappings);
        Assert.Equal((4096UL, 12288UL), (mapping.Start, mapping.End));
        Assert.Contains(snapshot.Annotations, a => a.Name == "Source code" && a.Json!.Value.GetProperty("s1").GetProperty("text").GetString() == "int main() {}");
    }

    [Fact]
    public void ReadBacktraceReport_RequestAttributesOverrideTheBodyAndModifiersStayApart()
    {
        var snapshot = Read(
            Head + "\"attributes\":{\"version\":\"1.0\",\"keep\":true,\"gone\":null}}",
            [new("version", "2.0"), new("region", "eu"), new("_mod_fingerprint", "custom-group")]);

        Assert.Equal("2.0", snapshot.Attributes["version"].AsString);
        Assert.Equal("eu", snapshot.Attributes["region"].AsString);
        Assert.True(snapshot.Attributes["keep"].AsBoolean);
        Assert.False(snapshot.Attributes.ContainsKey("gone"));
        Assert.False(snapshot.Attributes.ContainsKey("_mod_fingerprint"));
        Assert.Equal("custom-group", snapshot.Fingerprint);
    }

    [Fact]
    public void ReadBacktraceReport_WithoutClassifiers_TakesTheErrorTypeAttribute()
    {
        var snapshot = Read(Head + "\"attributes\":{\"error.type\":\"Crash\"}}");

        Assert.Equal("Crash", snapshot.Error!.Type);
        Assert.Null(snapshot.Error.Message);
        Assert.Empty(snapshot.Threads);
    }

    [Theory]
    [InlineData("""{"timestamp":1}""", "$.uuid", "required: the report's uuid")]
    [InlineData("""{"uuid":"nope","timestamp":1}""", "$.uuid", "expected a UUID")]
    [InlineData("""{"uuid":"00000000-0000-0000-0000-000000000000","timestamp":1}""", "$.uuid", "expected a UUID")]
    [InlineData("""{"uuid":"0c8a1f3e-7d52-4b9a-a6e4-19f2d7c3b805"}""", "$.timestamp", "required: when the error happened")]
    [InlineData("""{"uuid":"0c8a1f3e-7d52-4b9a-a6e4-19f2d7c3b805","timestamp":"yesterday"}""", "$.timestamp", "expected a number, found a string")]
    [InlineData("""{"uuid":"0c8a1f3e-7d52-4b9a-a6e4-19f2d7c3b805","timestamp":1e300}""", "$.timestamp", "1E+300 is not a Unix time")]
    [InlineData("\"threads\":[]}", "$.threads", "expected an object, found an array")]
    [InlineData("\"threads\":{\"main\":{\"stack\":[]}},\"mainThread\":\"other\"}", "$.mainThread", "names thread 'other', which is not a key of $.threads")]
    [InlineData("\"threads\":{\"main\":{\"stack\":[{\"library\":\"x\"}]}}}", "$.threads.main.stack[0]", "a frame needs \"funcName\" or \"address\"")]
    [InlineData("\"threads\":{\"main\":{\"stack\":[{\"funcName\":\"f\",\"line\":\"9\"}]}}}", "$.threads.main.stack[0].line", "expected a whole number")]
    [InlineData("\"threads\":{\"main thread\":{\"stack\":[{\"address\":\"0xZZ\"}]}}}", "$.threads['main thread'].stack[0].address", "expected a non-negative 64-bit integer")]
    [InlineData("\"threads\":{\"main\":{\"fault\":1}}}", "$.threads.main.fault", "expected true or false, found a number")]
    [InlineData("\"attributes\":{\"a\":{\"b\":1}}}", "$.attributes.a", "an attribute value must be a string, number, boolean or null, not an object")]
    [InlineData("\"attributes\":{\"a\":1e400}}", "$.attributes.a", "the number is beyond the range of a 64-bit float")]
    [InlineData("\"classifiers\":[\"\"]}", "$.classifiers[0]", "a classifier must be a non-empty string, not a string")]
    [InlineData("\"fingerprint\":\"c2hvcnQ=\"}", "$.fingerprint", "expected 32 bytes in base64")]
    [InlineData("\"memory\":[{\"start\":\"0x1\",\"data\":\"***\"}]}", "$.memory[0].data", "expected the slice's bytes in base64")]
    [InlineData("\"memory\":[{\"data\":\"AQID\"}]}", "$.memory[0].start", "required: the address")]
    [InlineData("\"modules\":[{\"start\":\"0x1\"}]}", "$.modules[0]", "a module needs \"code_file\" or \"debug_file\"")]
    [InlineData("\"annotations\":[]}", "$.annotations", "expected an object, found an array")]
    public void ReadBacktraceReport_BadFields_AreRejectedWithTheReportPath(string json, string path, string reason)
    {
        var error = Reject(json.StartsWith('{') ? json : Head + json);

        Assert.Equal(path, error.Path);
        Assert.StartsWith(reason, error.Reason);
    }

    [Fact]
    public void ReadBacktraceReport_LimitsApplyWithTheReportPath()
    {
        var limits = new SnapshotLimits { MaxFramesPerThread = 1, MaxStringBytes = 100, MaxMemoryBytes = 2 };

        var frames = Reject(Head + "\"threads\":{\"main\":{\"stack\":[{\"funcName\":\"a\"},{\"funcName\":\"b\"}]}}}", limits);
        var text = Reject(Head + $"\"annotations\":{{\"log\":\"{new string('x', 101)}\"}}}}", limits);
        var memory = Reject(Head + "\"memory\":[{\"start\":1,\"data\":\"AQID\"}]}", limits);

        Assert.Equal(("$.threads.main.stack", "2 frames; the limit is 1"), (frames.Path, frames.Reason));
        Assert.Equal(("$.annotations.log", "string is 101 bytes long; the limit is 100 bytes"), (text.Path, text.Reason));
        Assert.Equal("$.memory[0].data", memory.Path);
    }

    [Fact]
    public void ReadBacktraceReport_TheMappedSnapshotSurvivesTheNativeFormat()
    {
        var snapshot = SnapshotReader.ReadBacktraceReport(RepositoryFiles.Read("examples/backtrace-report.json"), SnapshotLimits.Default);

        var copy = SnapshotReader.ReadNative(SnapshotJson.Serialize(snapshot), SnapshotLimits.Default);

        Assert.Equal(snapshot.Uuid, copy.Uuid);
        Assert.Equal(snapshot.Threads[0].Frames.Count, copy.Threads[0].Frames.Count);
        Assert.Equal(snapshot.Annotations.Count, copy.Annotations.Count);
        Assert.Equal(snapshot.Error!.Message, copy.Error!.Message);
    }
}
