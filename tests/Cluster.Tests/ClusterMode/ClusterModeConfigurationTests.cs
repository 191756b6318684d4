using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Backtrace.Cluster.Tests.ClusterMode;

public sealed class ClusterModeConfigurationTests
{
    [Fact]
    public void Read_WithoutConnectionStrings_SaysWhichSettingsToSet()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ClusterModeConfiguration.Read(Configuration([], withConnectionStrings: false)));

        Assert.Contains(error.Failures, f => f.StartsWith("ConnectionStrings:Postgres is not set", StringComparison.Ordinal) && f.Contains("ConnectionStrings__Postgres"));
        Assert.Contains(error.Failures, f => f.StartsWith("ConnectionStrings:AzureStorage is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_WithBadValues_NamesEachOneAndHowToFixIt()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ClusterModeConfiguration.Read(Configuration(new()
        {
            ["Backtrace:Cluster:ClusterId"] = "has spaces",
            ["Backtrace:Cluster:SnapshotContainer"] = "Upper_Case",
            ["Backtrace:Cluster:GrainStateContainer"] = "a--b",
            ["Backtrace:Cluster:AdvertisedAddress"] = "silo.example",
            ["Backtrace:Cluster:SiloPort"] = "70000",
            ["Backtrace:Cluster:GatewayPort"] = "70000",
        })));

        Assert.Equal(
        [
            "Backtrace:Cluster:ClusterId is 'has spaces'; use 1-64 characters of letters, digits, '-', '_' and '.'",
            "Backtrace:Cluster:GrainStateContainer is 'a--b'; an Azure blob container name is 3-63 characters of lower-case letters, digits and single '-', starting with a letter or digit",
            "Backtrace:Cluster:SnapshotContainer is 'Upper_Case'; an Azure blob container name is 3-63 characters of lower-case letters, digits and single '-', starting with a letter or digit",
            "Backtrace:Cluster:AdvertisedAddress is 'silo.example'; set it to this silo's IP address as other silos reach it, or leave it unset under Kubernetes",
            "Backtrace:Cluster:SiloPort is 70000; set a TCP port between 1 and 65535",
            "Backtrace:Cluster:GatewayPort is 70000; set a TCP port between 1 and 65535",
            "Backtrace:Cluster:SiloPort and Backtrace:Cluster:GatewayPort are both 70000; silo and client traffic need different ports",
        ], error.Failures);
    }

    [Fact]
    public void Read_TakesConnectionStringsFromTheirStandardSection()
    {
        var options = ClusterModeConfiguration.Read(Configuration([]));

        Assert.Equal("Host=db", options.PostgresConnectionString);
        Assert.Equal("UseDevelopmentStorage=true", options.AzureStorageConnectionString);
        Assert.Equal(("backtrace", "backtrace", 11111, 30000), (options.ClusterId, options.ServiceId, options.SiloPort, options.GatewayPort));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values, bool withConnectionStrings = true)
    {
        var settings = new Dictionary<string, string?>(values);
        if (withConnectionStrings)
        {
            settings["ConnectionStrings:Postgres"] = "Host=db";
            settings["ConnectionStrings:AzureStorage"] = "UseDevelopmentStorage=true";
        }
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }
}
