using Backtrace.Gateway.Problems;

namespace Backtrace.Gateway.Apis;

/// <summary>The <c>{uuid}</c> of a snapshot URL: parsed with a precise 400, and the 404 for one that is not stored.</summary>
internal static class SnapshotId
{
    public static Guid Parse(string uuid) => Guid.TryParse(uuid, out var id)
        ? id
        : throw Problem.InvalidParameter("uuid", $"'{Problem.Quote(uuid)}' is not a uuid");

    public static GatewayProblemException NotFound(string project, Guid id) =>
        Problem.NotFound("snapshot-not-found", $"project '{project}' has no snapshot {id:D}");
}
