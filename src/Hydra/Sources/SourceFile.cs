namespace Backtrace.Hydra.Sources;

/// <summary>The lines of one source file, or why they could not be read.</summary>
/// <param name="RecordedPath">The path as the snapshot recorded it.</param>
/// <param name="LocalPath">Where it was looked for on this machine.</param>
/// <param name="Lines">The lines, or null when the file could not be read.</param>
/// <param name="Problem">Why the file could not be read.</param>
public sealed record SourceFile(string RecordedPath, string LocalPath, string[]? Lines, string? Problem)
{
    internal static SourceFile Missing(string recordedPath, string localPath, string problem) => new(recordedPath, localPath, null, problem);
}
