using System.Text;
using System.Text.Json.Nodes;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots.Tests.Hostile;

/// <summary>
/// Valid snapshots broken at random (fixed seeds, so a failure reproduces): the reader either accepts a document
/// as a model with no null where the model promises none, which writes and reads back, or rejects it with a
/// <see cref="SnapshotFormatException"/>. No other exception may escape it.
/// </summary>
public sealed class ReaderFuzzTests
{
    private const int Iterations = 4000;

    [Fact]
    public void MutatedSnapshots_AreReadOrRejectedWithAFormatError_NeverAnythingElse()
    {
        JsonNode[] documents =
        [
            JsonNode.Parse(SnapshotJson.Serialize(CompleteSnapshot.Create()))!,
            JsonNode.Parse(RepositoryFiles.Read("examples/null-dereference.json"))!,
        ];
        var accepted = 0;
        var rejected = 0;
        for (var seed = 0; seed < Iterations; seed++)
        {
            var json = new SnapshotMutator(seed).Mutate(documents[seed % documents.Length]);
            try
            {
                var snapshot = SnapshotReader.ReadNative(json, SnapshotLimits.Default);
                Assert.True(ModelWalk.NullsWhereNotAllowed(snapshot) is [], Describe(seed, json, "accepted with a null entry"));
                SnapshotReader.ReadNative(SnapshotJson.Serialize(snapshot), SnapshotLimits.Default);
                accepted++;
            }
            catch (SnapshotFormatException e)
            {
                Assert.True(e.Problems.Count > 0 && e.Path.StartsWith('$'), Describe(seed, json, $"a problem without a path: {e.Message}"));
                rejected++;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail(Describe(seed, json, $"threw {e}"));
            }
        }

        // Both outcomes must be common, or the mutations are too weak (or too strong) to test anything.
        Assert.True(accepted > Iterations / 20 && rejected > Iterations / 4, $"{accepted} accepted, {rejected} rejected");
    }

    private static string Describe(int seed, byte[] json, string what)
    {
        var text = Encoding.UTF8.GetString(json);
        return $"seed {seed}: {what}\ndocument: {(text.Length <= 4000 ? text : text[..4000] + "...")}";
    }
}
