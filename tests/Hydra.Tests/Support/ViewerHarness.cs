using Backtrace.Hydra.Sources;
using Backtrace.Hydra.Views;
using Backtrace.Snapshots.Model;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;

namespace Backtrace.Hydra.Tests.Support;

/// <summary>
/// Runs a <see cref="HydraWindow"/> in-process on Terminal.Gui's ANSI driver with a virtual screen: keys are
/// injected, and the screen is read back as text after each layout and draw.
/// </summary>
internal sealed class ViewerHarness : IDisposable
{
    private readonly IApplication _app;

    public ViewerHarness(Snapshot snapshot, int width = 80, int height = 24, SourceMap? sourceMap = null, bool monochrome = false)
    {
        _app = Application.Create();
        _app.Init(DriverRegistry.Names.ANSI);
        _app.Driver!.SetScreenSize(width, height);
        Window = new HydraWindow(snapshot, new SourceFiles(sourceMap ?? SourceMap.Empty), new HydraTheme(monochrome), "test.json");
        _app.Begin(Window);
        _app.LayoutAndDraw();
    }

    public HydraWindow Window { get; }

    /// <summary>The screen as text, one line per row.</summary>
    public string Screen
    {
        get
        {
            _app.LayoutAndDraw();
            return _app.Driver!.ToString()!;
        }
    }

    /// <summary>The screen rows.</summary>
    public string[] Rows => Screen.TrimEnd('\n', '\r').Split('\n').Select(row => row.TrimEnd('\r')).ToArray();

    /// <summary>Every cell of the screen with its attribute.</summary>
    public IEnumerable<Terminal.Gui.Drawing.Cell> Cells
    {
        get
        {
            _app.LayoutAndDraw();
            var contents = _app.Driver!.Contents!;
            for (var row = 0; row < contents.GetLength(0); row++)
            {
                for (var column = 0; column < contents.GetLength(1); column++)
                {
                    yield return contents[row, column];
                }
            }
        }
    }

    /// <summary>The row of the screen that contains <paramref name="text"/>, or null.</summary>
    public string? RowWith(string text) => Array.Find(Rows, row => row.Contains(text, StringComparison.Ordinal));

    /// <summary>Presses keys one after the other.</summary>
    public ViewerHarness Press(params Key[] keys)
    {
        foreach (var key in keys)
        {
            _app.InjectKey(key);
        }

        _app.LayoutAndDraw();
        return this;
    }

    /// <summary>Clicks the left mouse button on a screen cell.</summary>
    public ViewerHarness Click(int column, int row)
    {
        _app.InjectSequence(InputInjectionExtensions.LeftButtonClick(new System.Drawing.Point(column, row)));
        _app.LayoutAndDraw();
        return this;
    }

    /// <summary>Types text, one key per character.</summary>
    public ViewerHarness Type(string text) => Press([.. text.Select(c => new Key(c))]);

    /// <summary>Resizes the virtual screen.</summary>
    public void Resize(int width, int height)
    {
        _app.Driver!.SetScreenSize(width, height);
        _app.LayoutAndDraw();
    }

    public void Dispose()
    {
        Window.Dispose();
        _app.Dispose();
    }
}
