using Backtrace.Grains.FaultGroups;
using Backtrace.Grains.Projects;
using Backtrace.Grains.Tokens;
using Backtrace.Storage.Bodies;
using Backtrace.Storage.Index;

namespace Backtrace.Grains.Tests;

/// <summary>Stops the cluster and starts a new one on the same data directory: everything must be there.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "backtrace-restart-tests", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task GracefulRestart_LosesNothing()
    {
        // A flush interval longer than the test: group state reaches storage only through deactivation.
        var (project, secret, fingerprint, uuid, before) = await PopulateAsync(TimeSpan.FromMinutes(10), graceful: true);
        await VerifyAsync(project, secret, fingerprint, uuid, before);
    }

    [Fact]
    public async Task SiloKilledBeforeGroupsWroteTheirState_GroupsAreRebuiltFromTheIndex()
    {
        // The silo dies without deactivating anything: the groups' counters were never written, only the
        // acknowledged snapshots' index rows were. A new cluster must still count every snapshot exactly once.
        var (project, secret, fingerprint, uuid, before) = await PopulateAsync(TimeSpan.FromMinutes(10), graceful: false);
        await VerifyAsync(project, secret, fingerprint, uuid, before);
    }

    private async Task<(string Project, string Secret, string Fingerprint, Guid Uuid, FaultGroupDetails Before)> PopulateAsync(TimeSpan flushInterval, bool graceful)
    {
        var backtrace = await BacktraceCluster.StartAsync(_dataDirectory, flushInterval);
        try
        {
            var project = await backtrace.NewProjectAsync();
            var issued = await backtrace.Grains.GetGrain<IProjectGrain>(project).IssueTokenAsync(new TokenRequest { Name = "ci", Scopes = TokenScopes.Submit });
            await backtrace.Grains.GetGrain<IProjectGrain>(project).SetDedupRulesAsync([new DedupRule { Action = DedupRuleAction.SkipFrame, Pattern = "^log_" }]);

            var first = Crashes.Segv("log_it", "persist", "main");
            var result = await backtrace.SubmitAsync(project, first);
            for (var i = 0; i < 6; i++)
            {
                await backtrace.SubmitAsync(project, Crashes.Segv("persist", "main"));
            }

            await backtrace.SubmitAsync(project, Crashes.Segv("other", "main"));
            var before = await backtrace.Grains.GetGrain<IFaultGroupGrain>(GrainKeys.FaultGroup(project, result.Fingerprint)).GetAsync();
            Assert.Equal(7, before.Count);

            if (graceful)
            {
                await backtrace.Cluster.StopAllSilosAsync();
            }
            else
            {
                await backtrace.Cluster.KillSiloAsync(backtrace.Cluster.Primary!);
            }

            return (project, issued.Secret, result.Fingerprint, first.Uuid, before);
        }
        finally
        {
            await backtrace.Cluster.DisposeAsync();
        }
    }

    private async Task VerifyAsync(string project, string secret, string fingerprint, Guid uuid, FaultGroupDetails before)
    {
        await using var backtrace = await BacktraceCluster.StartAsync(_dataDirectory, TimeSpan.FromSeconds(1));
        var grant = await backtrace.Grains.GetGrain<ITokenGrain>(TokenSecret.Hash(secret)).ResolveAsync();
        Assert.Equal(project, grant.Project);
        Assert.Single((await backtrace.Grains.GetGrain<IProjectGrain>(project).GetAsync()).DedupRules);

        var after = await backtrace.Grains.GetGrain<IFaultGroupGrain>(GrainKeys.FaultGroup(project, fingerprint)).GetAsync();
        Assert.Equal((before.Count, before.FirstSeen, before.LastSeen, before.Status), (after.Count, after.FirstSeen, after.LastSeen, after.Status));
        Assert.Equal(before.RecentSnapshots, after.RecentSnapshots);
        Assert.Equal(before.HourlyActivity, after.HourlyActivity);
        Assert.Equal(before.TopValues.Single(t => t.Attribute == "version").Values, after.TopValues.Single(t => t.Attribute == "version").Values);

        Assert.True(await backtrace.Service<ISnapshotBodyStore>().ExistsAsync(project, uuid));
        var page = await backtrace.Service<IFaultGroupIndex>().ListAsync(new FaultGroupQuery { Project = project, Sort = FaultGroupSort.Count });
        Assert.Equal([7L, 1L], page.Items.Select(g => g.Count));

        // The uuid is still known: resubmitting it is a duplicate, and the dedup rule still applies.
        var resubmitted = Crashes.Segv("log_it", "persist", "main");
        resubmitted.Uuid = uuid;
        var duplicate = await backtrace.SubmitAsync(project, resubmitted);
        Assert.Equal((true, fingerprint, 7L), (duplicate.Duplicate, duplicate.Fingerprint, duplicate.GroupCount));
        var again = await backtrace.SubmitAsync(project, Crashes.Segv("log_again", "persist", "main"));
        Assert.Equal((false, fingerprint, 8L), (again.Duplicate, again.Fingerprint, again.GroupCount));
    }
}
