namespace Backtrace.Storage.Index;

/// <summary>A page of fault groups and how many match in total.</summary>
public sealed record FaultGroupPage(IReadOnlyList<FaultGroupRow> Items, long Total);
