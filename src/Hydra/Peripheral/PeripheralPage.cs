using Backtrace.Hydra.Inspection;

namespace Backtrace.Hydra.Peripheral;

/// <summary>The content of the peripheral pane for one <see cref="PeripheralKind"/>.</summary>
/// <param name="Title">Pane title, e.g. <c>Source demo.c:7</c>.</param>
/// <param name="Lines">The lines.</param>
/// <param name="Focus">Index of the line to scroll to and select first (the pc, the source line), or 0.</param>
public sealed record PeripheralPage(string Title, IReadOnlyList<PaneLine> Lines, int Focus = 0);
