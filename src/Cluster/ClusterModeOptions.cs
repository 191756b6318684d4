namespace Backtrace.Cluster;

/// <summary>
/// Cluster mode: where the cluster's shared state lives and how this process joins it. Bound from
/// <see cref="Section"/>; the two connection strings come from the standard <c>ConnectionStrings</c>
/// section (environment variables <c>ConnectionStrings__Postgres</c> and <c>ConnectionStrings__AzureStorage</c>).
/// </summary>
public sealed class ClusterModeOptions
{
    /// <summary>Configuration section: <c>Backtrace:Cluster</c>.</summary>
    public const string Section = "Backtrace:Cluster";

    /// <summary>Name of the PostgreSQL connection string in <c>ConnectionStrings</c>.</summary>
    public const string PostgresConnectionName = "Postgres";

    /// <summary>Name of the Azure Storage connection string in <c>ConnectionStrings</c>.</summary>
    public const string AzureStorageConnectionName = "AzureStorage";

    /// <summary>
    /// Identifies one deployment's silos and clients; processes with the same id form one cluster.
    /// Default <c>backtrace</c>. Keep it across rolling upgrades.
    /// </summary>
    public string ClusterId { get; set; } = "backtrace";

    /// <summary>Identifies the service across deployments (Orleans keys some persistent data by it). Default <c>backtrace</c>; never change it.</summary>
    public string ServiceId { get; set; } = "backtrace";

    /// <summary>PostgreSQL (membership and the query index): <c>ConnectionStrings:Postgres</c>. Required.</summary>
    public string PostgresConnectionString { get; set; } = "";

    /// <summary>Azure Storage (grain state and snapshot bodies): <c>ConnectionStrings:AzureStorage</c>. Required.</summary>
    public string AzureStorageConnectionString { get; set; } = "";

    /// <summary>
    /// Blob container of grain state. Default <c>backtrace-grain-state</c>. Orleans does not put the
    /// service id into blob names, so two deployments sharing a storage account need different containers.
    /// </summary>
    public string GrainStateContainer { get; set; } = "backtrace-grain-state";

    /// <summary>Blob container of snapshot bodies. Default <c>backtrace-snapshots</c>.</summary>
    public string SnapshotContainer { get; set; } = "backtrace-snapshots";

    /// <summary>
    /// The address other silos and clients reach this silo at. Default: none, which leaves it to the
    /// hosting environment (Kubernetes hosting sets it from the pod IP). Set it outside Kubernetes.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Port of silo-to-silo traffic. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (gateways) connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Bring the PostgreSQL schema up to date when a silo starts. Default true; turn off when a <c>migrate</c> job owns it.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
