using Backtrace.Grains;
using Npgsql;

namespace Backtrace.Storage.Postgres;

/// <summary>
/// Turns "PostgreSQL is not there" into <see cref="DependencyUnavailableException"/>: Npgsql's exceptions cannot
/// cross a grain call, and a client must learn that it may retry. Errors that mean a bug (a syntax error, a
/// violated constraint) are left as they are.
/// </summary>
internal static class PostgresOutages
{
    public const string Dependency = "PostgreSQL";

    public static async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (NpgsqlException exception) when (IsOutage(exception))
        {
            throw new DependencyUnavailableException(Dependency, exception.Message);
        }
    }

    public static Task GuardAsync(Func<Task> operation) => GuardAsync(async () =>
    {
        await operation();
        return true;
    });

    /// <summary>
    /// Connection failures (no server answer at all), and server states of classes 08 (connection), 53
    /// (insufficient resources) and 57 (shutdown, not accepting connections yet).
    /// </summary>
    public static bool IsOutage(NpgsqlException exception) => exception switch
    {
        PostgresException server => server.IsTransient || server.SqlState[..2] is "08" or "53" or "57",
        _ => true,
    };
}
