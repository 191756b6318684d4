using System.Net.Sockets;
using Orleans.Runtime;

namespace Backtrace.Gateway.Problems;

/// <summary>
/// Recognises failures that mean "a dependency is down for now" rather than "the request is wrong" or "the
/// code is wrong": a silo that is gone or unreachable, a call that timed out, PostgreSQL or Azure Storage not
/// answering. Such a request was not acknowledged, so the client may safely send it again later.
/// </summary>
public static class DependencyFailures
{
    /// <summary>What <c>Retry-After</c> asks of clients: long enough for a restart or a failover to show.</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>True when <paramref name="exception"/>, or one it wraps, reports an unavailable dependency.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(IsUnavailable)) return true;
            if (current is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
                or Npgsql.NpgsqlException or HttpRequestException or SocketException)
            {
                return true;
            }
            // 4xx answers from storage are bugs or conflicts, not outages.
            if (current is Azure.RequestFailedException { Status: 0 or >= 500 }) return true;
        }
        return false;
    }
}
