using Backtrace.Hydra.Inspection;
using Backtrace.Hydra.Tests.Support;
using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Tests.Inspection;

public sealed class ThreadGroupingTests
{
    [Fact]
    public void Group_PutsTheFaultedThreadFirstAndGroupsIdenticalStacks()
    {
        var groups = ThreadGrouping.Group(TestSnapshots.Crash().Threads);

        Assert.Equal([[4242], [4243, 4244, 4245], [4246], [4247]], groups.Select(g => g.Threads.Select(t => t.Tid).ToArray()).ToArray());
        Assert.True(groups[0].Faulted);
    }

    [Fact]
    public void Rows_ShowStateLetterTidNameAndCount_AndListMembersOfExpandedGroups()
    {
        var groups = ThreadGrouping.Group(TestSnapshots.Crash().Threads);

        var collapsed = ThreadRow.Build(groups, new HashSet<ThreadGroup>()).Select(r => r.ToLine().Text);
        var expanded = ThreadRow.Build(groups, new HashSet<ThreadGroup> { groups[1] }).Select(r => r.ToLine().Text);

        Assert.Equal(["F 4242 demo", "S 4243 worker x3", "D 4246 io", "Z 4247 reaper"], collapsed);
        Assert.Equal(["F 4242 demo", "S 4243 worker x3", "  - 4244 worker", "  - 4245 worker", "D 4246 io", "Z 4247 reaper"], expanded);
    }

    [Theory]
    [InlineData("running", 'R')]
    [InlineData("sleeping", 'S')]
    [InlineData("disk", 'D')]
    [InlineData("stopped", 'T')]
    [InlineData("traced", 't')]
    [InlineData("zombie", 'Z')]
    [InlineData("dead", 'X')]
    [InlineData("idle", 'I')]
    [InlineData("parked", 'P')]
    [InlineData("waking", 'W')]
    [InlineData("unknown", '?')]
    [InlineData("Sleeping", 'S')]
    [InlineData("weird", '?')]
    [InlineData(null, '?')]
    public void Letter_FollowsPs(string? state, char letter)
    {
        Assert.Equal(letter, ThreadStates.Letter(new SnapshotThread { State = state }));
        Assert.Equal('F', ThreadStates.Letter(new SnapshotThread { State = state, Faulted = true }));
    }

    [Fact]
    public void Row_ControlCharactersInNames_AreNotPassedToTheTerminal()
    {
        var thread = new SnapshotThread { Tid = 1, Name = "evil\u001b[2Jname" };

        var line = new ThreadRow(new ThreadGroup([thread]), thread, false).ToLine();

        Assert.Equal("? 1 evil?[2Jname", line.Text);
    }
}
