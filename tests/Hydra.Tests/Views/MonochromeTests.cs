using Backtrace.Hydra.Tests.Support;
using Terminal.Gui.Drawing;

namespace Backtrace.Hydra.Tests.Views;

[Collection(TerminalGuiCollection.Name)]
public sealed class MonochromeTests
{
    [Fact]
    public void Monochrome_UsesOnlyTheTerminalsOwnColours_AndReverseVideoForTheSelection()
    {
        using var viewer = new ViewerHarness(TestSnapshots.Crash(), monochrome: true);

        var attributes = viewer.Cells.Select(cell => cell.Attribute).OfType<Terminal.Gui.Drawing.Attribute>().ToList();

        Assert.NotEmpty(attributes);
        Assert.All(attributes, a => Assert.True(a.Foreground == Color.None && a.Background == Color.None, a.ToString()));
        Assert.Contains(attributes, a => a.Style.HasFlag(TextStyle.Reverse));
        Assert.NotNull(viewer.RowWith("2 Stack thread 4242 *"));
    }
}
