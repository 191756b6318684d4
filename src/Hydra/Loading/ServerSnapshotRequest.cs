namespace Backtrace.Hydra.Loading;

/// <summary>Which snapshot to fetch from a Backtrace server, and with which credentials.</summary>
/// <param name="Server">Base address of the server, e.g. <c>http://127.0.0.1:5000</c>.</param>
/// <param name="Token">API token sent as <c>Authorization: Bearer</c>.</param>
/// <param name="Project">Project the snapshot belongs to.</param>
/// <param name="SnapshotId">The snapshot's uuid.</param>
public sealed record ServerSnapshotRequest(Uri Server, string Token, string Project, Guid SnapshotId)
{
    /// <summary>
    /// The API address of the snapshot: <c>GET /api/v1/projects/{project}/snapshots/{uuid}?view=analysed</c>, the
    /// submitted snapshot with what the server's analysis added (classifiers, annotations, attributes) merged in.
    /// </summary>
    public Uri SnapshotUri
    {
        get
        {
            var basePath = Server.AbsoluteUri.TrimEnd('/');
            return new Uri($"{basePath}/api/v1/projects/{Uri.EscapeDataString(Project)}/snapshots/{SnapshotId:D}?view=analysed");
        }
    }
}
