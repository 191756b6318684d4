using System.Text;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots.Tests.Hostile;

/// <summary>
/// JSON null where a list entry or a map value belongs. System.Text.Json enforces nullable annotations on properties
/// only, so these pass deserialization; the validator must name them instead of failing on them later.
/// </summary>
public sealed class NullEntryTests
{
    private const string Head = """{"uuid":"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01","timestamp":"2026-11-25T12:00:00Z",""";

    private static SnapshotFormatException Reject(string tail) =>
        Assert.Throws<SnapshotFormatException>(() => SnapshotReader.ReadNative(Encoding.UTF8.GetBytes(Head + tail), SnapshotLimits.Default));

    [Theory]
    [InlineData("\"threads\":[null]}", "$.threads[0]", "must be an object, not null")]
    [InlineData("\"threads\":[{\"tid\":1},null]}", "$.threads[1]", "must be an object, not null")]
    [InlineData("\"threads\":[{\"tid\":1,\"frames\":[{\"pc\":\"0x1\"},null]}]}", "$.threads[0].frames[1]", "must be an object, not null")]
    [InlineData("\"threads\":[{\"tid\":1,\"frames\":[{\"pc\":\"0x1\",\"variables\":[null]}]}]}", "$.threads[0].frames[0].variables[0]", "must be an object, not null")]
    [InlineData("\"threads\":[{\"tid\":1,\"kernel_stack\":[\"a\",null]}]}", "$.threads[0].kernel_stack[1]", "must be a string, not null")]
    [InlineData("\"modules\":[null]}", "$.modules[0]", "must be an object, not null")]
    [InlineData("\"mappings\":[null]}", "$.mappings[0]", "must be an object, not null")]
    [InlineData("\"memory\":[null]}", "$.memory[0]", "must be an object, not null")]
    [InlineData("\"annotations\":[null]}", "$.annotations[0]", "must be an object, not null")]
    [InlineData("\"classifiers\":[\"segv\",null]}", "$.classifiers[1]", "must be a string, not null")]
    [InlineData("\"process\":{\"pid\":1,\"command_line\":[null]}}", "$.process.command_line[0]", "must be a string, not null")]
    [InlineData("\"capture\":{\"warnings\":[null]}}", "$.capture.warnings[0]", "must be a string, not null")]
    [InlineData("\"environment\":{\"limits\":{\"core\":null}}}", "$.environment.limits.core", "must be a string, not null")]
    [InlineData("\"environment\":{\"variables\":{\"a b\":null}}}", "$.environment.variables['a b']", "must be a string, not null")]
    public void ReadNative_NullEntry_IsNamedByItsPath(string tail, string path, string reason)
    {
        var error = Reject(tail);

        Assert.Equal($"{path}: {reason}", Assert.Single(error.Problems).ToString());
    }

    [Theory]
    [InlineData("\"attributes\":{\"a\":null}}", "$.attributes.a", "an attribute value must be a string, number or boolean, not null")]
    [InlineData("\"environment\":{\"system\":{\"k\":null}}}", "$.environment.system.k", "an attribute value must be a string, number or boolean, not null")]
    [InlineData("\"threads\":[{\"tid\":1,\"registers\":{\"rip\":null}}]}", "$.threads[0].registers", "an address must be a \"0x...\" hex string, not null")]
    [InlineData("\"threads\":[{\"tid\":1,\"frames\":[{\"pc\":\"0x1\",\"registers\":{\"rip\":null}}]}]}", "$.threads[0].frames[0].registers", "an address must be a \"0x...\" hex string, not null")]
    [InlineData("\"threads\":[null,{\"tid\":1,\"registers\":null}]}", "$.threads[1].registers", "must not be null")]
    public void ReadNative_NullWhereAValueIsRequired_SaysWhatBelongsThere(string tail, string path, string reason)
    {
        var error = Reject(tail);

        Assert.Equal(path, error.Path);
        Assert.StartsWith(reason, error.Reason);
    }

    [Fact]
    public void ReadNative_SeveralNullEntries_AreAllReported_WithTheOtherProblems()
    {
        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.ReadNative(
            """{"version":1,"threads":[{"tid":1,"frames":[null]},null],"memory":[null],"environment":{"limits":{"core":null}}}"""u8,
            SnapshotLimits.Default));

        Assert.Equal(
            [
                "$.uuid: required: a random uuid that identifies the snapshot (the nil uuid is not one)",
                "$.timestamp: required: when the crash happened, as an ISO 8601 date-time",
                "$.threads[0].frames[0]: must be an object, not null",
                "$.threads[1]: must be an object, not null",
                "$.memory[0]: must be an object, not null",
                "$.environment.limits.core: must be a string, not null",
            ],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Validate_AModelBuiltInCodeWithNullEntries_ReportsThemInsteadOfThrowing()
    {
        var snapshot = CompleteSnapshot.Create();
        snapshot.Threads[0].Frames.Add(null!);
        snapshot.Classifiers.Add(null!);
        snapshot.Environment!.Variables["PATH"] = null!;

        var problems = SnapshotValidator.Validate(snapshot, SnapshotLimits.Default);

        Assert.Equal(
            [
                "$.threads[0].frames[2]: must be an object, not null",
                "$.classifiers[1]: must be a string, not null",
                "$.environment.variables.PATH: must be a string, not null",
            ],
            problems.Select(p => p.ToString()));
    }

    [Fact]
    public void ReadNative_NullEntriesOverTheProblemLimit_StopAtTheLimit()
    {
        var nulls = string.Join(',', Enumerable.Repeat("null", 100));

        var error = Reject($"\"classifiers\":[{nulls}]}}");

        Assert.Equal(SnapshotValidator.MaxProblems, error.Problems.Count);
        Assert.Equal("$.classifiers[19]", error.Problems[^1].Path);
    }
}
