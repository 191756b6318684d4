namespace Backtrace.Storage.Embedded.Sqlite;

/// <summary>Times are stored as Unix milliseconds: compact, sortable, and readable by SQL date functions.</summary>
internal static class UnixTime
{
    public static long ToColumn(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromColumn(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
