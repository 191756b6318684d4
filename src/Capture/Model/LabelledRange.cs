namespace Backtrace.Capture.Model;

/// <summary>A range of captured memory the snapshot carries, with the reason it was captured.</summary>
/// <param name="Start">First address.</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="Label"><c>stack:TID</c>, <c>fault</c>, <c>register:TID:rax</c>, <c>global:NAME</c>, ...</param>
public readonly record struct LabelledRange(ulong Start, ulong Length, string Label);
