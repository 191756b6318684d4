namespace Backtrace.Storage.Embedded.Bodies;

/// <summary>Where a stored body's bytes are: in segment file <paramref name="Segment"/>, <paramref name="Length"/> bytes from <paramref name="Offset"/>.</summary>
internal readonly record struct BodyLocation(long Segment, long Offset, int Length);
