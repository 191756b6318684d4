using System.Text;
using Backtrace.Hydra.Cli;
using Backtrace.Snapshots;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Hydra.Loading;

/// <summary>
/// Turns the bytes of a snapshot document into a <see cref="Snapshot"/> the viewer can trust. It reads them with
/// the shared <see cref="SnapshotReader"/> and the default <see cref="SnapshotLimits"/>, so a file hydra opens
/// passes exactly the checks the gateway applies before it stores one.
/// </summary>
public static class SnapshotDocument
{
    /// <summary>Reads and validates a snapshot document.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="origin">Where it came from (a file path or a URL), for error messages.</param>
    /// <exception cref="HydraException">The document is not a valid snapshot; the message names every problem (at most
    /// <see cref="SnapshotValidator.MaxProblems"/>) by its JSON path.</exception>
    public static Snapshot Read(ReadOnlySpan<byte> utf8Json, string origin)
    {
        if (utf8Json.IsEmpty)
        {
            throw new HydraException($"{origin} is empty: a snapshot is a JSON document");
        }

        try
        {
            return SnapshotReader.ReadNative(utf8Json, SnapshotLimits.Default);
        }
        catch (SnapshotFormatException e)
        {
            throw new HydraException(Describe(origin, e), e);
        }
    }

    /// <summary>One problem fits on the error line; several are listed one per line beneath it.</summary>
    private static string Describe(string origin, SnapshotFormatException error)
    {
        if (error.Problems.Count == 1)
        {
            return $"{origin} is not a valid snapshot: {error.Problems[0]}";
        }

        var text = new StringBuilder($"{origin} is not a valid snapshot ({error.Problems.Count} problems):");
        foreach (var problem in error.Problems)
        {
            text.Append("\n  ").Append(problem);
        }

        return text.ToString();
    }
}
