namespace Backtrace.Storage.Index;

/// <summary>Orders of a fault group list; every order is descending, ties broken by fingerprint.</summary>
public enum FaultGroupSort
{
    /// <summary>Most recently seen first.</summary>
    LastSeen = 0,

    /// <summary>Most snapshots first.</summary>
    Count = 1,

    /// <summary>Newest groups first.</summary>
    FirstSeen = 2,
}
