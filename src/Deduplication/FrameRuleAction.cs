namespace Backtrace.Deduplication;

/// <summary>What a <see cref="FrameRule"/> does to a frame it matches.</summary>
public enum FrameRuleAction
{
    /// <summary>Drop the frame when its function name matches.</summary>
    SkipFrame,

    /// <summary>Drop the frame when its module file name matches.</summary>
    SkipModule,

    /// <summary>Keep the frame when its function name matches, and ignore every outer frame.</summary>
    StopAfter,

    /// <summary>Rewrite the matching part of the function name with the replacement.</summary>
    Rename,
}
