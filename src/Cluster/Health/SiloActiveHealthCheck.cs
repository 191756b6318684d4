using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Backtrace.Cluster.Health;

/// <summary>Ready while this silo is an active member of the cluster (not joining, not shutting down).</summary>
internal sealed class SiloActiveHealthCheck(ISiloStatusOracle oracle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(oracle.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The silo is {oracle.CurrentStatus}, not Active"));
}
