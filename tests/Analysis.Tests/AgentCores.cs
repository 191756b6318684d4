using Backtrace.Capture;
using Backtrace.Capture.Building;
using Backtrace.Capture.Platform;
using Backtrace.Snapshots.Model;
using Backtrace.TestSupport;
using Backtrace.Unwinding.Modules;

namespace Backtrace.Analysis.Tests;

/// <summary>
/// Real crashes turned into snapshots the way the agent does it: the program crashes, the kernel writes its
/// core (under the shared core_pattern lock, see <see cref="KernelCore"/>), and the capture agent's own
/// pipeline (core front end, unwinder, snapshot builder, analysis with the core as its memory reader and the
/// modules' symbol tables) builds the snapshot.
/// </summary>
public sealed class AgentCores : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bt-analysis-cores-").FullName;

    /// <summary>Crashes <paramref name="executable"/> with <paramref name="arguments"/> and captures its core.</summary>
    public Snapshot Capture(string executable, SnapshotOptions? options = null, CaptureOptions? capture = null, params string[] arguments)
    {
        var core = KernelCore.Produce(executable, _directory, arguments);
        var runner = new CaptureRunner(CapturePlatforms.Current, new ModuleCacheOptions(), capture ?? new CaptureOptions(), options ?? new SnapshotOptions());
        try
        {
            return runner.ReadCore(core.Path);
        }
        finally
        {
            File.Delete(core.Path);
        }
    }

    /// <summary>The annotations, one a line, for assertion messages.</summary>
    public static string Describe(Snapshot snapshot) =>
        string.Join("\n", snapshot.Annotations.Select(a => $"{a.Source}: {a.Name}: {a.Text}"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
