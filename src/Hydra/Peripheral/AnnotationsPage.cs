using System.Text.Json;
using Backtrace.Hydra.Inspection;
using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Peripheral;

/// <summary>
/// The annotations, most severe first. Every line of an annotation that targets a thread, frame or code
/// address carries a <see cref="JumpTarget"/>, so Enter on it moves the threads and stack panes there.
/// </summary>
public static class AnnotationsPage
{
    /// <summary>Most lines shown for one annotation body: a huge JSON body must not drown the others.</summary>
    public const int MaxBodyLines = 200;

    public static PeripheralPage Build(PeripheralContext context)
    {
        var annotations = context.Snapshot.Annotations;
        if (annotations.Count == 0)
        {
            return new PeripheralPage("Annotations", [PaneLine.Note("no annotations")]);
        }

        var lines = new List<PaneLine>();
        foreach (var annotation in annotations.OrderByDescending(a => a.Level))
        {
            var target = Target(annotation.Target, context.Snapshot);
            var kind = annotation.Level == AnnotationLevel.Comment ? LineKind.Heading : LineKind.Alert;
            var source = annotation.Source is null ? "" : $" ({annotation.Source})";
            lines.Add(new PaneLine(Names.Printable($"{LevelMark(annotation.Level)} {annotation.Name}{source}{Describe(annotation.Target)}"), kind, target));
            foreach (var body in Body(annotation).Take(MaxBodyLines))
            {
                lines.Add(new PaneLine(Names.Printable("    " + body), LineKind.Normal, target));
            }
        }

        return new PeripheralPage("Annotations", lines);
    }

    private static string LevelMark(AnnotationLevel level) => level switch
    {
        AnnotationLevel.Critical => "[!]",
        AnnotationLevel.Warning => "[w]",
        _ => "[-]",
    };

    private static string Describe(AnnotationTarget? target) => target switch
    {
        { ThreadId: { } tid, FrameIndex: { } frame } => $" -> thread {tid} #{frame}",
        { ThreadId: { } tid } => $" -> thread {tid}",
        { Address: { } address } => $" -> 0x{address:x}",
        _ => "",
    };

    /// <summary>Where the annotation points: its thread and frame, or the first frame whose pc is its address.</summary>
    private static JumpTarget? Target(AnnotationTarget? target, Snapshot snapshot)
    {
        if (target?.ThreadId is { } tid)
        {
            return new JumpTarget(tid, target.FrameIndex);
        }

        if (target?.Address is not { } address)
        {
            return null;
        }

        var ordered = snapshot.FaultingThread is { } faulting ? snapshot.Threads.Prepend(faulting) : snapshot.Threads;
        foreach (var thread in ordered)
        {
            var index = thread.Frames.FindIndex(f => f.Pc == address);
            if (index >= 0)
            {
                return new JumpTarget(thread.Tid, index);
            }
        }

        return null;
    }

    private static IEnumerable<string> Body(Annotation annotation)
    {
        if (annotation.Text is { } text)
        {
            foreach (var line in text.Split('\n'))
            {
                yield return line.TrimEnd('\r');
            }
        }

        if (annotation.Json is { } json)
        {
            var pretty = JsonSerializer.Serialize(json, AnnotationJsonContext.Default.JsonElement);
            foreach (var line in pretty.Split('\n'))
            {
                yield return line;
            }
        }
    }
}
