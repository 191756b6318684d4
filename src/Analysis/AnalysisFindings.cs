using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis;

/// <summary>
/// What analysis found, before it is applied to the snapshot: classifiers (in order, without duplicates),
/// annotations, attributes, synthetic frames and an optional fingerprint override.
/// </summary>
public sealed class AnalysisFindings
{
    private readonly List<string> _classifiers = [];

    public IReadOnlyList<string> Classifiers => _classifiers;
    public List<Annotation> Annotations { get; } = [];
    public Dictionary<string, AttributeValue> Attributes { get; } = [];
    public List<SyntheticFrame> Frames { get; } = [];

    /// <summary>Set by a Lua rule that wants to choose the fault group itself.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>Adds a classifier unless it is already present.</summary>
    public void Classify(string classifier)
    {
        if (!_classifiers.Contains(classifier))
        {
            _classifiers.Add(classifier);
        }
    }

    /// <summary>True when the classifier was added.</summary>
    public bool Has(string classifier) => _classifiers.Contains(classifier);

    /// <summary>Adds a text annotation.</summary>
    public Annotation Annotate(AnnotationLevel level, string name, string text, string source, AnnotationTarget? target = null)
    {
        var annotation = new Annotation { Level = level, Name = name, Text = text, Source = source, Target = target };
        Annotations.Add(annotation);
        return annotation;
    }

    /// <summary>Copies everything into the snapshot. Classifiers already present are not repeated.</summary>
    public void ApplyTo(Snapshot snapshot)
    {
        foreach (var classifier in _classifiers)
        {
            if (!snapshot.Classifiers.Contains(classifier))
            {
                snapshot.Classifiers.Add(classifier);
            }
        }

        snapshot.Annotations.AddRange(Annotations);
        foreach (var (key, value) in Attributes)
        {
            snapshot.Attributes[key] = value;
        }

        // Insert in descending index order so earlier insertions do not shift later ones; frames given the
        // same index end up in the order they were added.
        foreach (var frame in Frames.Select((f, order) => (f, order)).OrderByDescending(x => x.f.Index).ThenByDescending(x => x.order).Select(x => x.f))
        {
            var thread = snapshot.Threads.Find(t => t.Tid == frame.ThreadId);
            if (thread is not null)
            {
                thread.Frames.Insert(Math.Clamp(frame.Index, 0, thread.Frames.Count), frame.Frame);
            }
        }

        if (Fingerprint is not null)
        {
            snapshot.Fingerprint = Fingerprint;
        }
    }
}
