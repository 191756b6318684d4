using Backtrace.TestSupport;

namespace Backtrace.Hydra.Tests.EndToEnd;

/// <summary>
/// The real <c>backtrace-agent</c>, published once for this test assembly as a framework-dependent (JIT) build
/// into a directory of its own. Its own artifacts path keeps it clear of src/CaptureAgent's obj and bin, which
/// the solution build and the agent's tests use at the same time; JIT instead of NativeAOT because these tests
/// need the agent's behaviour, not its start-up time.
/// </summary>
public sealed class AgentBuild : IDisposable
{
    public AgentBuild()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hydra-agent-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var project = System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, "../../../../../src/CaptureAgent/CaptureAgent.csproj"));
        var result = ProcessRunner.Run("dotnet",
            ["publish", project, "-c", "Release", "-o", System.IO.Path.Combine(Directory, "bin"), "--artifacts-path", System.IO.Path.Combine(Directory, "artifacts"),
             "-p:PublishAot=false", "-p:SelfContained=false", "--nologo", "-v", "q"],
            TimeSpan.FromMinutes(10));
        Path = System.IO.Path.Combine(Directory, "bin", "backtrace-agent");
        if (result.ExitCode != 0 || !File.Exists(Path))
        {
            throw new InvalidOperationException($"publishing backtrace-agent failed ({result.ExitCode}): {result.StandardOutput}\n{result.StandardError}");
        }
    }

    /// <summary>Scratch directory holding the build.</summary>
    public string Directory { get; }

    /// <summary>The agent executable.</summary>
    public string Path { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
