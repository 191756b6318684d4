using Backtrace.Hydra.Inspection;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Backtrace.Hydra.Views;

/// <summary>
/// Colours, or their absence. In monochrome every attribute uses the terminal's own colours
/// (<see cref="Color.None"/>) and the selection is drawn in reverse video, so nothing depends on colour: the
/// focused pane also carries a <c>*</c> in its title and current lines a <c>&gt;</c>.
/// </summary>
public sealed class HydraTheme(bool monochrome)
{
    /// <summary>True when no colour is used (<c>--mono</c> or <c>NO_COLOR</c>).</summary>
    public bool Monochrome { get; } = monochrome;

    /// <summary>The scheme for the whole window in monochrome, or null to keep Terminal.Gui's default theme.</summary>
    public Scheme? WindowScheme => Monochrome
        ? new Scheme(Plain)
        {
            Focus = Reverse,
            Active = Reverse,
            HotNormal = Plain with { Style = TextStyle.Underline },
            HotFocus = Reverse with { Style = TextStyle.Reverse | TextStyle.Underline },
            Highlight = Reverse,
            Editable = Plain with { Style = TextStyle.Underline },
            Disabled = Plain,
        }
        : null;

    private static Attribute Plain => new(Color.None, Color.None);

    private static Attribute Reverse => new(Color.None, Color.None, TextStyle.Reverse);

    /// <summary>How a line of <paramref name="kind"/> is drawn when it is not the selected line.</summary>
    public Attribute? LineAttribute(LineKind kind, Attribute normal)
    {
        if (Monochrome)
        {
            return kind switch
            {
                LineKind.Heading or LineKind.Current or LineKind.Alert => normal with { Style = TextStyle.Bold },
                _ => null,
            };
        }

        return kind switch
        {
            LineKind.Heading => normal with { Foreground = new Color(ColorName16.Cyan), Style = TextStyle.Bold },
            LineKind.Current => normal with { Foreground = new Color(ColorName16.Yellow), Style = TextStyle.Bold },
            LineKind.Alert => normal with { Foreground = new Color(ColorName16.BrightRed) },
            LineKind.Note => normal with { Foreground = new Color(ColorName16.DarkGray) },
            _ => null,
        };
    }
}
