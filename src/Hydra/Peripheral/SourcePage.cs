using Backtrace.Hydra.Inspection;

namespace Backtrace.Hydra.Peripheral;

/// <summary>The source file of the selected frame, positioned on the frame's line.</summary>
public static class SourcePage
{
    private const int TabWidth = 8;

    public static PeripheralPage Build(PeripheralContext context)
    {
        if (context.Position.Frame is not { } frame)
        {
            return new PeripheralPage("Source", [PaneLine.Note("this thread has no frames")]);
        }

        if (frame.File is not { } recorded)
        {
            return new PeripheralPage("Source", [PaneLine.Note($"no line information for {FrameText.Function(frame)}")]);
        }

        var title = $"Source {Names.FileName(recorded)}{(frame.Line is { } l ? $":{l}" : "")}";
        var file = context.Sources.Read(recorded);
        if (file.Lines is not { } text)
        {
            return new PeripheralPage(title,
            [
                PaneLine.Note($"source {file.Problem}: {file.LocalPath}"),
                PaneLine.Note($"(recorded as {recorded})"),
                PaneLine.Note("map build paths with --source-map FROM=TO"),
            ]);
        }

        var width = text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        var lines = new List<PaneLine>(text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            var number = i + 1;
            var current = number == frame.Line;
            var body = Names.Printable(ExpandTabs(text[i]));
            lines.Add(new PaneLine($"{(current ? '>' : ' ')}{number.ToString().PadLeft(width)} {body}", current ? LineKind.Current : LineKind.Normal));
        }

        if (frame.Line is not { } line)
        {
            return new PeripheralPage(title, lines);
        }

        if (line < 1 || line > text.Length)
        {
            lines.Insert(0, PaneLine.Note($"line {line} is outside {Names.FileName(recorded)} ({text.Length} lines): the file may not match the build"));
            return new PeripheralPage(title, lines);
        }

        return new PeripheralPage(title, lines, line - 1);
    }

    private static string ExpandTabs(string line)
    {
        if (!line.Contains('\t'))
        {
            return line;
        }

        var builder = new System.Text.StringBuilder(line.Length + 16);
        foreach (var c in line)
        {
            if (c == '\t')
            {
                builder.Append(' ', TabWidth - (builder.Length % TabWidth));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
