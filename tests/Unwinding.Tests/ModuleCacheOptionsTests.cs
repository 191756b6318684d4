using Backtrace.Unwinding.Modules;

namespace Backtrace.Unwinding.Tests;

public sealed class ModuleCacheOptionsTests
{
    [Fact]
    public void Clone_CopiesEverySettingIntoIndependentLists()
    {
        var options = new ModuleCacheOptions
        {
            DebugDirectories = ["/a"],
            PathMappings = [new PathMapping("/x", "/y")],
            UseDebugFiles = false,
            MaxCachedImages = 7,
            MaxFileSize = 1 << 20,
            MaxDecompressedSectionSize = 1 << 20,
            MaxSymbols = 9,
            InflatedSectionCacheDirectory = "/cache",
            InflatedSectionCacheMaxBytes = 123,
        };
        var copy = options.Clone();
        copy.PathMappings.Add(new PathMapping("/p", "/q"));
        copy.DebugDirectories.Add("/b");
        Assert.Single(options.PathMappings);
        Assert.Single(options.DebugDirectories);
        Assert.Equal((false, 7, 1L << 20, 1L << 20, 9, "/cache", 123L),
            (copy.UseDebugFiles, copy.MaxCachedImages, copy.MaxFileSize, copy.MaxDecompressedSectionSize, copy.MaxSymbols, copy.InflatedSectionCacheDirectory, copy.InflatedSectionCacheMaxBytes));
    }

    [Theory]
    [InlineData("/usr", "/usr/lib/x.so", "/srv/usr/lib/x.so")]
    [InlineData("/usr/", "/usr", "/srv/usr")]
    [InlineData("/usr", "/usrlocal/x.so", null)]
    public void PathMapping_MatchesWholeComponents(string from, string path, string? expected)
    {
        var mapping = new PathMapping(from, "/srv" + from);
        Assert.Equal(expected is not null, mapping.TryApply(path, out var mapped));
        Assert.Equal(expected ?? path, mapped);
    }
}
