using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Backtrace.Cluster.Health;

/// <summary>Ready while a client reaches the cluster and it has at least one active silo.</summary>
internal sealed class ClusterReachableHealthCheck(IClusterClient client) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Timeout, cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silos")
                : HealthCheckResult.Unhealthy("The cluster has no active silo");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster cannot be reached", exception);
        }
    }
}
