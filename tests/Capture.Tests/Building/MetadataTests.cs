using Backtrace.Capture.Building;
using Backtrace.Capture.Linux.ProcFs;

namespace Backtrace.Capture.Tests.Building;

public sealed class MetadataTests
{
    [Theory]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("db_password", true)]
    [InlineData("AWS_SECRET_ACCESS_KEY", true)]
    [InlineData("PATH", false)]
    [InlineData("HOME", false)]
    public void DefaultScrubber_HidesSecretsOnly(string name, bool secret) =>
        Assert.Equal(secret, SecretScrubber.Default.IsSecret(name));

    [Fact]
    public void Attributes_DefaultsThenEnvironmentThenKv_LaterWins()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "# defaults\nregion=eu\nreplicas=2\n");
        var environment = new System.Collections.Hashtable { ["BACKTRACE_ATTR_REGION"] = "us", ["OTHER"] = "x" };
        var attributes = AttributeSources.Merge(file, environment, ["replicas=5", "canary=true"]);
        File.Delete(file);

        Assert.Equal("us", attributes["region"].AsString);
        Assert.Equal(5, attributes["replicas"].AsNumber);
        Assert.True(attributes["canary"].AsBoolean);
        Assert.Equal(3, attributes.Count);
    }

    [Fact]
    public void Attributes_MalformedPair_NamesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => AttributeSources.Merge(null, new System.Collections.Hashtable(), ["novalue"]));
        Assert.Equal("--kv novalue: expected key=value", error.Message);
    }
}
