namespace Backtrace.ServiceDefaults;

/// <summary>The health endpoints every host serves, and the tags that select their checks.</summary>
public static class HealthEndpoints
{
    /// <summary>Liveness: answers 200 while the process can serve requests. Restart the process when it fails.</summary>
    public const string LivePath = "/health/live";

    /// <summary>Readiness: 200 only while every dependency this host needs answers. Send no traffic when it fails.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>Checks tagged with this run for liveness (and readiness).</summary>
    public const string LiveTag = "live";

    /// <summary>Checks tagged with this run for readiness only: the dependencies (cluster, database, storage).</summary>
    public const string ReadyTag = "ready";
}
