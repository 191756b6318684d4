using Backtrace.Hydra.Peripheral;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Backtrace.Hydra.Views;

public sealed partial class HydraWindow
{
    /// <summary>The View menu switches the peripheral pane; the Help menu opens help and quits.</summary>
    private MenuBar BuildMenu(HydraTheme theme)
    {
        var pages = Enum.GetValues<PeripheralKind>()
            .Select(kind => (View)new MenuItem { Title = PeripheralPages.MenuLabel(kind), Action = () => ShowPeripheralFromMenu(kind) });
        var menu = new MenuBar();
        menu.Add(new MenuBarItem("_View", pages));
        menu.Add(new MenuBarItem("_Help",
        [
            new MenuItem { Title = "_Keys and markers", Action = OpenHelp },
            new MenuItem { Title = "_Quit", Action = () => App?.RequestStop() },
        ]));
        if (theme.WindowScheme is { } scheme)
        {
            // The menu bar and its drop-downs use Terminal.Gui's own "Menu" scheme unless told otherwise.
            menu.SetScheme(scheme);
            foreach (var item in menu.SubViews.OfType<MenuBarItem>())
            {
                item.PopoverMenu?.SetScheme(scheme);
            }
        }

        return menu;
    }

    private void ShowPeripheralFromMenu(PeripheralKind kind)
    {
        ShowPeripheral(kind);
        FocusPane(_peripheralPane);
    }

    /// <summary>Steps through the peripheral pages in menu order.</summary>
    private void CyclePeripheral(int delta)
    {
        var kinds = Enum.GetValues<PeripheralKind>();
        var next = (Array.IndexOf(kinds, _peripheral) + delta + kinds.Length) % kinds.Length;
        ShowPeripheral(kinds[next]);
    }
}
