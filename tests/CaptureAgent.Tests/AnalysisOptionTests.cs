using Backtrace.Snapshots.Json;
using Backtrace.TestSupport;

namespace Backtrace.CaptureAgent.Tests;

/// <summary>The published agent analyses what it captures: built-in rules, --module, --module-dir, --no-analysis.</summary>
[Collection(AgentCollection.Name)]
public sealed class AnalysisOptionTests(PublishedAgent agent)
{
    private string Module(string name, string source)
    {
        var directory = Path.Combine(agent.Directory, "modules-" + name);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".lua");
        File.WriteAllText(path, source);
        return path;
    }

    private string Core(string mode)
    {
        var program = CrashProgram.Build("crashy.c");
        return KernelCore.Produce(program.Path, Path.Combine(agent.Directory, "analysis-cores"), mode, "1").Path;
    }

    [Fact]
    public void CaptureCore_WithModules_AnalysesTheCrashAndRunsEveryModule()
    {
        var core = Core("crash");
        var fromDirectory = Module("tagger", "bt.classify('from-directory')");
        var fromFile = Module("runaway", "while true do end");
        var output = Path.Combine(agent.Directory, "analysed.json");

        var result = agent.Run("capture", "--core", core, "--module-dir", Path.GetDirectoryName(fromDirectory)!, "--module", fromFile, "--output", output);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var snapshot = SnapshotJson.Deserialize(File.ReadAllBytes(output));
        Assert.Equal("segv", snapshot.Classifiers[0]);
        Assert.Contains("from-directory", snapshot.Classifiers);
        Assert.Contains(snapshot.Annotations, a => a.Name == "Lua module runaway was stopped");
        Assert.Contains(snapshot.Annotations, a => a.Source == "analysis/signal");
        Assert.Equal(1.0, snapshot.Attributes["analysis.version"].AsNumber);
    }

    [Fact]
    public void CaptureCore_NoAnalysis_LeavesTheSnapshotUnclassified()
    {
        var core = Core("crash");
        var output = Path.Combine(agent.Directory, "unanalysed.json");
        var result = agent.Run("capture", "--core", core, "--no-analysis", "--output", output);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var snapshot = SnapshotJson.Deserialize(File.ReadAllBytes(output));
        Assert.Empty(snapshot.Classifiers);
        Assert.False(snapshot.Attributes.ContainsKey("analysis.version"));
    }

    [Fact]
    public void Capture_MissingModule_ExitsInvalidInputWithOneLine()
    {
        var result = agent.Run("capture", "--pid", Environment.ProcessId.ToString(), "--module", "/nonexistent/module.lua");
        Assert.Equal(5, result.ExitCode); // InvalidInput
        Assert.Equal("error: Lua module /nonexistent/module.lua: file not found", result.StandardError.Trim());
    }
}
