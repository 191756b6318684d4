namespace Backtrace.Grains.FaultGroups;

/// <summary>The workflow state of a fault group.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.FaultGroups.FaultGroupStatus")]
public enum FaultGroupStatus
{
    /// <summary>Needs attention. New groups start here; a resolved group that crashes again returns here.</summary>
    Open = 0,

    /// <summary>Someone is working on it.</summary>
    InProgress = 1,

    /// <summary>Fixed. A snapshot received after the resolution reopens the group (a regression).</summary>
    Resolved = 2,

    /// <summary>Known and ignored: new snapshots are still counted but never reopen it.</summary>
    Muted = 3,
}
