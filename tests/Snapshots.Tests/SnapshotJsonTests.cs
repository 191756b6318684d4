using System.Text;
using System.Text.Json;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Snapshots.Tests;

public sealed class SnapshotJsonTests
{
    [Fact]
    public void Serialize_ThenDeserialize_PreservesEveryKindOfField()
    {
        var original = SampleSnapshots.NullDereference();

        var copy = SnapshotJson.Deserialize(SnapshotJson.Serialize(original));

        Assert.Equal(original.Uuid, copy.Uuid);
        Assert.Equal(original.Timestamp, copy.Timestamp);
        Assert.Equal(0xdead_beef_0000_0010UL, copy.Threads[0].Registers["rip"]);
        Assert.Equal(FrameTrust.Cfi, copy.Threads[0].Frames[1].Trust);
        Assert.Equal(0x10UL, copy.Fault!.Address);
        Assert.Equal(AttributeKind.Number, copy.Attributes["build"].Kind);
        Assert.True(copy.Attributes["canary"].AsBoolean);
        Assert.Equal("1.2.3", copy.Attributes["version"].AsString);
        Assert.Equal(new byte[] { 1, 2, 3 }, copy.Memory[0].Bytes);
        Assert.Equal("why", copy.Annotations[0].Json!.Value.GetProperty("reason").GetString());
        Assert.Same(copy.Threads[0], copy.FaultingThread);
    }

    [Fact]
    public void Serialize_WritesAddressesAsHexStringsAndNamesAsSnakeCase()
    {
        var json = Encoding.UTF8.GetString(SnapshotJson.Serialize(SampleSnapshots.NullDereference()));

        Assert.Contains("\"pc\":\"0x401136\"", json);
        Assert.Contains("\"application_version\":\"1.2.3\"", json);
        Assert.Contains("\"trust\":\"frame_pointer\"", json);
        Assert.DoesNotContain("\"file\":null", json);
    }

    [Theory]
    [InlineData("\"0x\"")]
    [InlineData("\"0x12345678123456781\"")]
    [InlineData("\"401136\"")]
    [InlineData("\"0x40113g\"")]
    [InlineData("\"0x 401136\"")]
    [InlineData("\"x0401136\"")]
    [InlineData("-1")]
    [InlineData("true")]
    public void Deserialize_RejectsMalformedAddresses(string address)
    {
        var json = $$"""{"uuid":"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01","timestamp":"2026-11-25T12:00:00Z","threads":[{"tid":1,"frames":[{"pc":{{address}}}]}]}""";

        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("$.threads[0].frames[0].pc", error.Message);
    }

    [Theory]
    [InlineData("\"0x401136\"", 0x401136UL)]
    [InlineData("\"0X40113A\"", 0x40113AUL)]
    [InlineData("\"0xffffffffffffffff\"", ulong.MaxValue)]
    [InlineData("\"0x0000000000000001\"", 1UL)]
    [InlineData("\"\\u0030x10\"", 0x10UL)]
    [InlineData("4198710", 4198710UL)]
    public void Deserialize_ReadsAddresses(string address, ulong expected)
    {
        var json = $$"""{"uuid":"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01","timestamp":"2026-11-25T12:00:00Z","threads":[{"tid":1,"frames":[{"pc":{{address}}}]}]}""";

        Assert.Equal(expected, SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(json)).Threads[0].Frames[0].Pc);
    }

    [Fact]
    public void Deserialize_RejectsAnAttributeThatIsAnObject()
    {
        const string json = """{"uuid":"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01","attributes":{"x":{"y":1}}}""";

        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("string, number or boolean, not an object", error.Message);
    }

    [Fact]
    public void Deserialize_RejectsNestingDeeperThanTheLimit()
    {
        var deep = new string('[', SnapshotJson.MaxDepth + 1) + new string(']', SnapshotJson.MaxDepth + 1);
        var json = $$"""{"annotations":[{"name":"n","json":{{deep}}}]}""";

        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("depth", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
