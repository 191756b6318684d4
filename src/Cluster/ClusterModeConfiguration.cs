using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Backtrace.Cluster;

/// <summary>Reads <see cref="ClusterModeOptions"/> from configuration, once, when a host is composed.</summary>
public static class ClusterModeConfiguration
{
    /// <summary>Configuration key choosing how a host runs: <c>Embedded</c> (the default) or <c>Cluster</c>.</summary>
    public const string ModeKey = "Backtrace:Mode";

    /// <summary>True when configuration selects cluster mode; false for embedded mode (the default).</summary>
    /// <exception cref="InvalidOperationException">The mode is neither <c>Embedded</c> nor <c>Cluster</c>.</exception>
    public static bool IsSelected(IConfiguration configuration) => configuration[ModeKey] switch
    {
        null or "" => false,
        var mode when mode.Equals("Embedded", StringComparison.OrdinalIgnoreCase) => false,
        var mode when mode.Equals("Cluster", StringComparison.OrdinalIgnoreCase) => true,
        var mode => throw new InvalidOperationException(
            $"{ModeKey} is '{mode}'; set it to Embedded (one process, the default) or Cluster (silos sharing PostgreSQL and Azure Storage)."),
    };

    /// <summary>
    /// Binds <see cref="ClusterModeOptions.Section"/> and the connection strings, and validates them. Cluster
    /// composition needs the values while it registers services, so they are read eagerly, and a bad value
    /// stops the host before anything starts.
    /// </summary>
    /// <exception cref="OptionsValidationException">A value is missing or wrong; the message lists each and how to fix it.</exception>
    public static ClusterModeOptions Read(IConfiguration configuration)
    {
        var options = new ClusterModeOptions();
        configuration.GetSection(ClusterModeOptions.Section).Bind(options);
        options.PostgresConnectionString = configuration.GetConnectionString(ClusterModeOptions.PostgresConnectionName) ?? options.PostgresConnectionString;
        options.AzureStorageConnectionString = configuration.GetConnectionString(ClusterModeOptions.AzureStorageConnectionName) ?? options.AzureStorageConnectionString;

        var result = new ClusterModeOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ClusterModeOptions), result.Failures);
        }
        return options;
    }
}
