using System.Text.Json;

namespace Backtrace.Snapshots.Model;

/// <summary>A note that explains something about the crash. Not indexed; shown beside the snapshot.</summary>
public sealed class Annotation
{
    public AnnotationLevel Level { get; set; } = AnnotationLevel.Comment;

    /// <summary>Short title, e.g. <c>Null dereference</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Plain-text body. An annotation has a text body, a JSON body, or both.</summary>
    public string? Text { get; set; }

    /// <summary>Structured body.</summary>
    public JsonElement? Json { get; set; }

    /// <summary>Who added it: <c>analysis/null-dereference</c>, <c>lua/my-module</c>, a client library name.</summary>
    public string? Source { get; set; }

    /// <summary>What the annotation is about, so viewers can jump there.</summary>
    public AnnotationTarget? Target { get; set; }
}
