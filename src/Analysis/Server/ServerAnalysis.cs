using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Server;

/// <summary>
/// What analysis at ingest added to a snapshot (built-in rules for snapshots no agent analysed, then the
/// project's Lua rules). The stored body stays byte for byte what the client sent, so these findings are kept
/// beside it, keyed by the snapshot's uuid, and merged back on request (docs/analysis.md, "Analysis at
/// ingest"). Applying them to the parsed body reproduces the snapshot the server fingerprinted.
/// </summary>
public sealed class ServerAnalysis
{
    /// <summary>Version of this document's layout.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    /// <summary>Classifiers added at ingest, in the order they were added.</summary>
    public List<string> Classifiers { get; set; } = [];

    /// <summary>Attributes set at ingest (they replace the snapshot's own of the same key).</summary>
    public Dictionary<string, AttributeValue> Attributes { get; set; } = [];

    /// <summary>Annotations added at ingest, including those saying a rule failed or was stopped.</summary>
    public List<Annotation> Annotations { get; set; } = [];

    /// <summary>Synthetic frames a rule inserted, with where they go.</summary>
    public List<ServerAnalysisFrame> Frames { get; set; } = [];

    /// <summary>The fault group a rule chose with <c>bt.set_fingerprint</c>, if any.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>True when there is nothing to keep.</summary>
    public bool IsEmpty => Classifiers.Count == 0 && Attributes.Count == 0 && Annotations.Count == 0 && Frames.Count == 0 && Fingerprint is null;

    /// <summary>The document for <paramref name="findings"/>.</summary>
    public static ServerAnalysis From(AnalysisFindings findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return new ServerAnalysis
        {
            Classifiers = [.. findings.Classifiers],
            Attributes = new Dictionary<string, AttributeValue>(findings.Attributes),
            Annotations = [.. findings.Annotations],
            Frames = [.. findings.Frames.Select(f => new ServerAnalysisFrame { Thread = f.ThreadId, Index = f.Index, Frame = f.Frame })],
            Fingerprint = findings.Fingerprint,
        };
    }

    /// <summary>Adds these findings to <paramref name="snapshot"/> (parsed from the stored body) exactly as ingest did.</summary>
    public void ApplyTo(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var findings = new AnalysisFindings { Fingerprint = Fingerprint };
        foreach (var classifier in Classifiers)
        {
            findings.Classify(classifier);
        }

        findings.Annotations.AddRange(Annotations);
        foreach (var (key, value) in Attributes)
        {
            findings.Attributes[key] = value;
        }

        findings.Frames.AddRange(Frames.Select(f => new SyntheticFrame(f.Thread, f.Index, f.Frame)));
        findings.ApplyTo(snapshot);
    }
}
