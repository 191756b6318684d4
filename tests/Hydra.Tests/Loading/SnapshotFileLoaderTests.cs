using System.Text;
using Backtrace.Hydra.Cli;
using Backtrace.Hydra.Loading;
using Backtrace.Hydra.Tests.Support;

namespace Backtrace.Hydra.Tests.Loading;

public sealed class SnapshotFileLoaderTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_ValidFile_ReturnsTheSnapshot()
    {
        var path = TestSnapshots.Write(TestSnapshots.Crash(), _directory.Path);

        var snapshot = SnapshotFileLoader.Load(path, new LoadLimits());

        Assert.Equal(TestSnapshots.FaultingTid, snapshot.FaultingThread?.Tid);
        Assert.Equal(6, snapshot.Threads.Count);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var path = Path.Combine(_directory.Path, "nope.json");

        var error = Assert.Throws<HydraException>(() => SnapshotFileLoader.Load(path, new LoadLimits()));

        Assert.Equal($"{path}: no such file", error.Message);
    }

    [Fact]
    public void Load_Directory_SaysItIsADirectory()
    {
        var error = Assert.Throws<HydraException>(() => SnapshotFileLoader.Load(_directory.Path, new LoadLimits()));

        Assert.Equal($"{_directory.Path} is a directory, not a snapshot file", error.Message);
    }

    [Fact]
    public void Load_EmptyFile_SaysItIsEmpty()
    {
        var path = _directory.WriteFile("empty.json", "");

        var error = Assert.Throws<HydraException>(() => SnapshotFileLoader.Load(path, new LoadLimits()));

        Assert.Equal($"{path} is empty: a snapshot is a JSON document", error.Message);
    }

    [Theory]
    [InlineData("this is not json", "$: ")]
    [InlineData("""{"version":1,"threads":[{"tid":1,"frames":[{"pc":"0xZZ"}]}]}""", "$.threads[0].frames[0].pc: '0xZZ' is not an address")]
    [InlineData("""{"version":1,"threads":"many"}""", "$.threads: ")]
    [InlineData("""{"version":7}""", "$.version: format version 7 is not supported; this reader knows version 1")]
    [InlineData("""{"version":1,"threads":[{"tid":1},null]}""", "$.threads[1]: must be an object, not null")]
    [InlineData("""{"version":1,"threads":[{"tid":1,"frames":[{"pc":"0x1"},null]}]}""", "$.threads[0].frames[1]: must be an object, not null")]
    [InlineData("""{"version":1,"modules":[null]}""", "$.modules[0]: must be an object, not null")]
    [InlineData("""{"version":1,"threads":[{"tid":1,"registers":{"rip":null}}]}""", "$.threads[0].registers: an address must be")]
    [InlineData("""{"version":1,"memory":[null]}""", "$.memory[0]: must be an object, not null")]
    [InlineData("""{"version":1,"environment":{"limits":{"core":null}}}""", "$.environment.limits.core: must be a string, not null")]
    [InlineData("""{"version":1,"attributes":{"n":1e400}}""", "$.attributes.n: the number is beyond the range of a 64-bit float")]
    [InlineData("""{"version":1,"threads":[{"tid":99999999999999999999}]}""", "$.threads[0].tid: ")]
    public void Load_InvalidDocument_NamesTheField(string json, string expected)
    {
        var path = _directory.WriteFile("bad.json", json);

        var error = Assert.Throws<HydraException>(() => SnapshotFileLoader.Load(path, new LoadLimits()));

        Assert.StartsWith($"{path} is not a valid snapshot", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Load_DeeplyNestedJson_IsRejectedBeforeItExhaustsTheStack()
    {
        var nested = new StringBuilder("""{"version":1,"annotations":[{"name":"deep","json":""");
        nested.Append('[', 10_000).Append(']', 10_000).Append("}]}");
        var path = _directory.WriteFile("deep.json", nested.ToString());

        var error = Assert.Throws<HydraException>(() => SnapshotFileLoader.Load(path, new LoadLimits()));

        Assert.Contains("$.annotations[0].json", error.Message);
        Assert.Contains("nesting is deeper than", error.Message);
    }

    [Fact]
    public void Load_FileOverTheLimit_IsRejectedWithoutReadingItAll()
    {
        var path = Path.Combine(_directory.Path, "big.json");
        using (var file = File.Create(path))
        {
            file.SetLength(3L * 1024 * 1024);
        }

        var error = Assert.Throws<HydraException>(() => SnapshotFileLoader.Load(path, new LoadLimits { MaxBytes = 1024 * 1024 }));

        Assert.Equal($"{path} is larger than the 1 MiB limit (raise it with --max-size)", error.Message);
    }
}
