using System.Text;
using System.Text.Json.Nodes;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots.Tests.Hostile;

/// <summary>
/// Every position of a complete snapshot's JSON (every field of every model type, every list entry and map value,
/// one more entry in every list and map) replaced with null and with each wrong kind of value: the reader either
/// accepts the document with no null where the model promises none (and can write it out and read it back), or rejects it with a
/// <see cref="SnapshotFormatException"/> at that position. Nothing else may come out.
/// </summary>
public sealed class EveryPositionTests
{
    private static readonly string[] Replacements =
    [
        "null", "true", "0", "-1", "1.5", "1e400", "18446744073709551616", "\"\"", "\"x\"", "\"0x1\"", "\"\\u0000\"",
        "{}", "[]", "[null]", "{\"k\":null}", "[[]]", "{\"k\":{}}",
    ];

    [Fact]
    public void TheCompleteSnapshot_IsValid_AndSetsEveryFieldOfTheModel()
    {
        var snapshot = CompleteSnapshot.Create();

        Assert.Empty(SnapshotValidator.Validate(snapshot, SnapshotLimits.Default));
        Assert.Empty(ModelWalk.Unpopulated(snapshot));
    }

    [Fact]
    public void EveryPosition_WithNullOrAWrongType_IsReadSafelyOrRejectedThere()
    {
        var document = JsonNode.Parse(SnapshotJson.Serialize(CompleteSnapshot.Create()))!;
        var failures = new List<string>();
        var tried = 0;
        foreach (var position in JsonPositions.All(document))
        {
            foreach (var replacement in Replacements)
            {
                tried++;
                var json = position.With(replacement);
                if (Outcome(json, position) is { } failure)
                {
                    failures.Add($"{position.Path} = {replacement}: {failure}");
                }
            }
        }

        Assert.True(tried > 1000, $"only {tried} documents were tried");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} documents went wrong:\n{string.Join('\n', failures.Take(40))}");
    }

    /// <summary>Null when the reader behaved; otherwise what went wrong.</summary>
    private static string? Outcome(byte[] json, JsonPosition position)
    {
        try
        {
            var snapshot = SnapshotReader.ReadNative(json, SnapshotLimits.Default);
            var nulls = ModelWalk.NullsWhereNotAllowed(snapshot);
            if (nulls.Count > 0)
            {
                return $"accepted with null at {string.Join(", ", nulls)}";
            }

            // What was accepted must also write out and read back, as the server and the viewers do with it.
            SnapshotReader.ReadNative(SnapshotJson.Serialize(snapshot), SnapshotLimits.Default);
            return null;
        }
        catch (SnapshotFormatException e)
        {
            return e.Problems.Any(p => IsAt(p.Path, position)) ? null : $"rejected elsewhere: {string.Join("; ", e.Problems)}";
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>
    /// Whether a problem reported at <paramref name="reported"/> names the changed position: the position itself,
    /// something inside it, or its container (a map of registers is read by one converter, which names the map).
    /// </summary>
    private static bool IsAt(string reported, JsonPosition changed) =>
        reported == changed.Path || reported == changed.ContainerPath ||
        (reported.StartsWith(changed.Path, StringComparison.Ordinal) && reported[changed.Path.Length] is '.' or '[');
}
