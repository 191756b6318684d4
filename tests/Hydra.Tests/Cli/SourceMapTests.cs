using Backtrace.Hydra.Sources;

namespace Backtrace.Hydra.Tests.Cli;

public sealed class SourceMapTests
{
    [Theory]
    [InlineData("/build/dir/src/main.c", "/local/src/main.c")]
    [InlineData("/build/dir/vendor/lib.c", "/vendor/lib.c")]
    [InlineData("/build/dir", "/local")]
    [InlineData("/build/directory/x.c", "/build/directory/x.c")]
    [InlineData("/elsewhere/x.c", "/elsewhere/x.c")]
    public void Map_LongestWholeComponentPrefixWins(string recorded, string expected)
    {
        var map = SourceMap.Parse(["/build/dir=/local/", "/build/dir/vendor=/vendor"]);

        Assert.Equal(expected, map.Map(recorded));
    }
}
