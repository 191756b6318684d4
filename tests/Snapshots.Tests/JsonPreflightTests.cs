using System.Text;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots.Tests;

/// <summary>
/// The fast pass that valid documents take must agree with the path-following pass that names problems: it may
/// accept a document only if that pass accepts it, or a bad document would be ingested unchecked.
/// </summary>
public sealed class JsonPreflightTests
{
    private static readonly SnapshotLimits Limits = new() { MaxDepth = 10, MaxStringBytes = 16 };

    public static TheoryData<string, string> Documents => new()
    {
        { "minimal", """{"uuid":"x"}""" },
        { "string at the limit", """{"a":"0123456789abcdef"}""" },
        { "string over the limit", """{"a":"0123456789abcdefg"}""" },
        { "escaped string at the limit", """{"a":"\u0030123456789abcdef"}""" },
        { "escaped string over the limit", """{"a":"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"}""" },
        { "name over the limit", """{"0123456789abcdefg":1}""" },
        { "memory bytes over the string limit", """{"memory":[{"bytes":"QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"}]}""" },
        { "memory label over the limit", """{"memory":[{"label":"QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"}]}""" },
        { "bytes outside memory", """{"threads":[{"bytes":"QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"}]}""" },
        { "bytes in memory arrays of arrays", """{"memory":[["QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"]]}""" },
        { "bytes nested deeper in memory", """{"memory":[{"x":{"bytes":"QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"}}]}""" },
        { "memory as an object", """{"memory":{"a":{"bytes":"QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"}}}""" },
        { "escaped memory name", """{"m\u0065mory":[{"bytes":"QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"}]}""" },
        { "escaped bytes name", """{"memory":[{"byt\u0065s":"QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"}]}""" },
        { "after memory", """{"memory":[{"bytes":"QUJD"}],"x":[{"bytes":"QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"}]}""" },
        { "depth at the limit", """{"a":[[[[[[[[1]]]]]]]]}""" },
        { "depth over the limit", """{"a":[[[[[[[[[1]]]]]]]]]}""" },
        { "lone surrogate escape", """{"a":"\ud800"}""" },
        { "lone surrogate escape in a name", """{"\udc00":1}""" },
        { "trailing comma", """{"a":1,}""" },
        { "comment", """{"a":1 /* no */}""" },
        { "two documents", """{"a":1}{"b":2}""" },
        { "truncated", """{"a":[1,2""" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void FastPass_AgreesWithThePathFollowingPass(string name, string json) =>
        AssertAgree(name, Encoding.UTF8.GetBytes(json));

    [Fact]
    public void FastPass_AgreesOnInvalidUtf8Anywhere()
    {
        var valid = Encoding.UTF8.GetBytes("""{"ab":"cd","list":[1,"ef"]}""");
        for (var i = 0; i < valid.Length; i++)
        {
            foreach (var bad in new byte[] { 0x80, 0xC3, 0xFF })
            {
                var json = (byte[])valid.Clone();
                json[i] = bad;
                AssertAgree($"byte {i} = 0x{bad:X2}", json);
            }
        }
    }

    [Fact]
    public void FastPass_AcceptsRealisticSnapshots()
    {
        var json = SnapshotJson.Serialize(SampleSnapshots.NullDereference());
        Assert.True(JsonFastPreflight.Passes(json, SnapshotLimits.Default, "bytes"u8));
    }

    private static void AssertAgree(string name, byte[] json)
    {
        var fast = JsonFastPreflight.Passes(json, Limits, "bytes"u8);
        var error = Record.Exception(() => JsonPreflight.CheckWithPath(json, Limits, "bytes"u8));
        Assert.True(fast == (error is null), $"{name}: the fast pass {(fast ? "accepts" : "rejects")} it, the full pass {(error is null ? "accepts it" : $"says: {error.Message}")}");
    }
}
