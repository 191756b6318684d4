using System.Text.RegularExpressions;
using Backtrace.LocalServices;

namespace Backtrace.Deploy.Tests;

/// <summary>
/// Docker cannot run here, so the images are not built; this checks what can be checked without it: each
/// Dockerfile publishes one project and starts what that project produces, as a non-root user, and
/// exposes the ports the manifests use.
/// </summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string, string, int[]> Images => new()
    {
        { "gateway.Dockerfile", "Gateway", [8080] },
        { "silo.Dockerfile", "Silo", [11111, 30000, 8081] },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_PublishesItsProject_AndRunsItAsNonRoot(string file, string project, int[] ports)
    {
        var text = File.ReadAllText(RepositoryPaths.Combine("deploy", "docker", file));

        Assert.Contains($"dotnet publish src/{project}/{project}.csproj", text);
        Assert.True(File.Exists(RepositoryPaths.Combine("src", project, $"{project}.csproj")), $"{file} publishes src/{project}, which does not exist");
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"Backtrace.{project}.dll\"]", text);
        Assert.Matches(@"(?m)^USER app$", text);
        Assert.Equal(ports, Expose().Match(text).Groups["ports"].Value.Split(' ').Select(int.Parse));
        Assert.All(From().Matches(text), from => Assert.Contains(":10.0", from.Value));
    }

    [Fact]
    public void AgentDockerfile_ShipsTheNativeBinaryTheDaemonSetCopies()
    {
        var text = File.ReadAllText(RepositoryPaths.Combine("deploy", "docker", "agent.Dockerfile"));
        var daemonSet = File.ReadAllText(RepositoryPaths.Combine("deploy", "k8s", "agent.yaml"));

        Assert.Contains("-p:PublishAot=true", text);
        Assert.Contains("COPY --from=build /app/backtrace-agent /app/backtrace-agent", text);
        Assert.Contains("cp /app/backtrace-agent ", daemonSet);
    }

    [GeneratedRegex(@"(?m)^EXPOSE (?<ports>[0-9 ]+)$")]
    private static partial Regex Expose();

    [GeneratedRegex(@"(?m)^FROM \S+")]
    private static partial Regex From();
}
