using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Backtrace.Cluster;

/// <summary>Checks <see cref="ClusterModeOptions"/> at start, with messages that say how to fix each value.</summary>
public sealed partial class ClusterModeOptionsValidator : IValidateOptions<ClusterModeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ClusterModeOptions options)
    {
        const string S = ClusterModeOptions.Section;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            failures.Add("ConnectionStrings:Postgres is not set; set it (environment variable ConnectionStrings__Postgres) to the cluster's PostgreSQL, e.g. Host=db;Database=backtrace;Username=backtrace;Password=...");
        }
        if (string.IsNullOrWhiteSpace(options.AzureStorageConnectionString))
        {
            failures.Add("ConnectionStrings:AzureStorage is not set; set it (environment variable ConnectionStrings__AzureStorage) to the Azure Storage account's connection string");
        }
        foreach (var (key, value) in new[] { ("ClusterId", options.ClusterId), ("ServiceId", options.ServiceId) })
        {
            if (!Identifier().IsMatch(value))
            {
                failures.Add($"{S}:{key} is '{value}'; use 1-64 characters of letters, digits, '-', '_' and '.'");
            }
        }
        foreach (var (key, value) in new[] { ("GrainStateContainer", options.GrainStateContainer), ("SnapshotContainer", options.SnapshotContainer) })
        {
            if (!ContainerName().IsMatch(value) || value.Contains("--", StringComparison.Ordinal))
            {
                failures.Add($"{S}:{key} is '{value}'; an Azure blob container name is 3-63 characters of lower-case letters, digits and single '-', starting with a letter or digit");
            }
        }
        if (options.GrainStateContainer == options.SnapshotContainer)
        {
            failures.Add($"{S}:GrainStateContainer and {S}:SnapshotContainer are both '{options.SnapshotContainer}'; give them different names");
        }
        if (options.AdvertisedAddress is { } address && !IPAddress.TryParse(address, out _))
        {
            failures.Add($"{S}:AdvertisedAddress is '{address}'; set it to this silo's IP address as other silos reach it, or leave it unset under Kubernetes");
        }
        foreach (var (key, port) in new[] { ("SiloPort", options.SiloPort), ("GatewayPort", options.GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                failures.Add($"{S}:{key} is {port}; set a TCP port between 1 and 65535");
            }
        }
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"{S}:SiloPort and {S}:GatewayPort are both {options.SiloPort}; silo and client traffic need different ports");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,62}$")]
    private static partial Regex ContainerName();
}
