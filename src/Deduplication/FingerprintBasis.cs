namespace Backtrace.Deduplication;

/// <summary>What a fingerprint was computed from, in order of preference.</summary>
public enum FingerprintBasis
{
    /// <summary>The snapshot named its group itself (<c>fingerprint</c> field).</summary>
    Override,

    /// <summary>The faulting thread's meaningful frames (the normal case).</summary>
    Frames,

    /// <summary>Every frame of the faulting thread was plumbing or skipped by a rule: its top frames, unfiltered.</summary>
    UnfilteredFrames,

    /// <summary>No usable frame: the reported error's type and normalized message.</summary>
    Error,

    /// <summary>Neither frames nor an error: the signal and the application.</summary>
    Signal,
}
