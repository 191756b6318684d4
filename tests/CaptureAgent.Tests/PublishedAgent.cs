using Backtrace.TestSupport;

namespace Backtrace.CaptureAgent.Tests;

/// <summary>
/// The NativeAOT backtrace-agent, published once per test run (the tests are about the binary users
/// run, so they exercise the published one, not the JIT build).
/// </summary>
public sealed class PublishedAgent : IDisposable
{
    public PublishedAgent()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"backtrace-agent-tests-{Environment.ProcessId}");
        var project = System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, "../../../../../src/CaptureAgent/CaptureAgent.csproj"));
        var result = ProcessRunner.Run("dotnet", ["publish", project, "-c", "Release", "-o", System.IO.Path.Combine(Directory, "bin"), "-p:PublishAot=true", "--nologo", "-v", "q"], TimeSpan.FromMinutes(10));
        Path = System.IO.Path.Combine(Directory, "bin", "backtrace-agent");
        if (result.ExitCode != 0 || !File.Exists(Path))
        {
            throw new InvalidOperationException($"publishing backtrace-agent failed ({result.ExitCode}): {result.StandardOutput}\n{result.StandardError}");
        }
    }

    /// <summary>Scratch directory of this test run.</summary>
    public string Directory { get; }

    public string Path { get; }

    /// <summary>Runs the agent with arguments; returns exit code and output.</summary>
    public ProcessRunner.Result Run(params string[] arguments) => ProcessRunner.Run(Path, arguments, TimeSpan.FromMinutes(2));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class AgentCollection : ICollectionFixture<PublishedAgent>
{
    public const string Name = "published agent";
}
