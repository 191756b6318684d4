namespace Backtrace.LocalServices;

/// <summary>
/// What every launch of a cluster of real silo and gateway processes on this machine needs, shared by the
/// process tests (tests/Cluster.Tests) and the cluster mode of bench/ingest: the environment that puts a
/// process in cluster mode on a private PostgreSQL and Azurite, and the wait until a process answers its
/// readiness endpoint.
/// </summary>
public static class ClusterProcesses
{
    /// <summary>
    /// Environment variables of a silo or gateway in cluster mode on <paramref name="postgres"/> and
    /// <paramref name="azurite"/>, advertising 127.0.0.1, logging warnings only. A fresh dictionary: callers add
    /// ports, listen addresses and their own settings.
    /// </summary>
    public static Dictionary<string, string> Environment(PostgresServer postgres, AzuriteServer azurite, string clusterId) => new()
    {
        ["Backtrace__Mode"] = "Cluster",
        ["ConnectionStrings__Postgres"] = postgres.ConnectionString,
        ["ConnectionStrings__AzureStorage"] = azurite.ConnectionString,
        ["Backtrace__Cluster__ClusterId"] = clusterId,
        ["Backtrace__Cluster__AdvertisedAddress"] = "127.0.0.1",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>Polls <paramref name="health"/> until it answers 2xx.</summary>
    /// <param name="health">The process's readiness endpoint.</param>
    /// <param name="hasExited">Whether the process has exited, which ends the wait at once.</param>
    /// <param name="describe">Names the process in errors (and where to look, such as its log file).</param>
    /// <param name="patience">How long to wait.</param>
    /// <exception cref="InvalidOperationException">The process exited first.</exception>
    /// <exception cref="TimeoutException">Not ready within <paramref name="patience"/>.</exception>
    public static async Task WaitReadyAsync(Uri health, Func<bool> hasExited, string describe, TimeSpan patience)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (hasExited())
            {
                throw new InvalidOperationException($"{describe} exited while starting");
            }

            try
            {
                if ((await http.GetAsync(health)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer within the timeout.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{describe} was not ready at {health} within {patience}");
    }
}
