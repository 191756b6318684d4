using Backtrace.Hydra.Tests.Support;
using Xunit.Abstractions;

namespace Backtrace.Hydra.Tests;

public sealed class RenderSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public void Prints_the_screen()
    {
        using var viewer = new ViewerHarness(TestSnapshots.Crash());
        output.WriteLine(viewer.Screen);
        Assert.Contains("Threads", viewer.Screen);
    }
}
