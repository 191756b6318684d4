using Orleans.Configuration;

namespace Backtrace.Cluster.Membership;

/// <summary>
/// Membership settings that let the cluster notice a lost silo in seconds instead of the Orleans defaults'
/// half a minute and more. Each can be overridden under <c>Backtrace:Cluster:Membership</c> (the
/// property names of Orleans' <see cref="ClusterMembershipOptions"/>); docs/operations.md explains them.
/// </summary>
public static class MembershipTuning
{
    /// <summary>Applies the tuned defaults.</summary>
    public static void Apply(ClusterMembershipOptions options)
    {
        // Silos probe each other directly; a silo missing 3 probes of 2 s each is suspected (Orleans: 5 s).
        // Indirect probes through a third silo keep one slow link from condemning a healthy silo.
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 3;
        options.EnableIndirectProbes = true;

        // Two votes declare a silo dead (the Orleans default); with 3 silos both survivors must agree.
        options.NumVotesForDeathDeclaration = 2;
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);

        // Re-read the table and publish liveness often enough that a silo that missed a gossip message
        // (or a silo that died without being probed) is noticed within seconds (Orleans: 60 s and 30 s).
        options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }

    /// <summary>Clients learn about gateways that come and go within seconds (Orleans: every 60 s).</summary>
    public static void Apply(GatewayOptions options) => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A client gives up on a call after 10 s (Orleans: 30 s). Silos fail calls to a silo as soon as it is
    /// declared dead, but a client never learns that: a call that was in flight on a killed silo waits for
    /// this timeout. Ingest calls take milliseconds, so 10 s only ever cuts calls that are lost; the gateway
    /// answers them 503 and the sender retries.
    /// </summary>
    public static void Apply(ClientMessagingOptions options) => options.ResponseTimeout = TimeSpan.FromSeconds(10);
}
