namespace Backtrace.Analysis;

/// <summary>What the faulting access was doing, from the decoded instruction.</summary>
internal enum FaultDirection
{
    Unknown,
    Read,
    Write,
    ReadWrite,
    Execute,
}
