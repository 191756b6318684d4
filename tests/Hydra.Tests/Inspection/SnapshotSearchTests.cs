using Backtrace.Hydra.Inspection;
using Backtrace.Hydra.Tests.Support;

namespace Backtrace.Hydra.Tests.Inspection;

public sealed class SnapshotSearchTests
{
    private static readonly IReadOnlyList<Backtrace.Snapshots.Model.SnapshotThread> Threads =
        [.. ThreadGrouping.Group(TestSnapshots.Crash().Threads).SelectMany(g => g.Threads)];

    [Fact]
    public void Find_MatchesThreadsByNameAndFramesByFunctionFileOrModule_InDisplayOrder()
    {
        Assert.Equal([new JumpTarget(4243, null), new JumpTarget(4243, 1), new JumpTarget(4244, null), new JumpTarget(4244, 1), new JumpTarget(4245, null), new JumpTarget(4245, 1)],
            SnapshotSearch.Find(Threads, "WORKER"));
        Assert.Equal([new JumpTarget(4242, 0), new JumpTarget(4242, 1)], SnapshotSearch.Find(Threads, @"demo\.c"));
        Assert.Equal([new JumpTarget(4246, null)], SnapshotSearch.Find(Threads, "^4246$"));
    }

    [Fact]
    public void Find_InvalidRegex_IsSearchedLiterally()
    {
        Backtrace.Snapshots.Model.SnapshotThread[] threads = [new() { Tid = 1, Name = "pool(1" }, new() { Tid = 2, Name = "pool1" }];

        Assert.Equal([new JumpTarget(1, null)], SnapshotSearch.Find(threads, "pool(1"));
    }

    [Fact]
    public void Find_CatastrophicPattern_GivesUpInsteadOfHanging()
    {
        var started = DateTime.UtcNow;

        SnapshotSearch.Find([new Backtrace.Snapshots.Model.SnapshotThread { Name = new string('a', 40) + "!" }], "(a+)+$x");

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }
}
