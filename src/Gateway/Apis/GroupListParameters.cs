using System.Globalization;
using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Problems;
using Backtrace.Storage.Index;

namespace Backtrace.Gateway.Apis;

/// <summary>
/// The query string of a group list, <c>?sort=last_seen|count|first_seen&amp;state=open&amp;limit=50&amp;offset=0</c>,
/// parsed by hand so that each bad value gets its own precise 400 instead of a generic binding failure.
/// </summary>
internal static class GroupListParameters
{
    public const int DefaultLimit = 50;

    public static FaultGroupQuery Parse(string project, IQueryCollection query) => new()
    {
        Project = project,
        Sort = Single(query, "sort") switch
        {
            null or "last_seen" => FaultGroupSort.LastSeen,
            "count" => FaultGroupSort.Count,
            "first_seen" => FaultGroupSort.FirstSeen,
            var other => throw Problem.InvalidParameter("sort", $"'{other}' is not a sort order; use last_seen, count or first_seen"),
        },
        Status = Single(query, "state") is { } state
            ? GroupStates.Parse(state) ?? throw Problem.InvalidParameter("state", $"'{state}' is not a state; use {GroupStates.All}")
            : null,
        Limit = Integer(query, "limit", DefaultLimit, 1, FaultGroupQuery.MaxLimit),
        Offset = Integer(query, "offset", 0, 0, int.MaxValue),
    };

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        return values.Count == 1 ? values[0] : throw Problem.InvalidParameter(name, "give it once");
    }

    private static int Integer(IQueryCollection query, string name, int fallback, int min, int max)
    {
        if (Single(query, name) is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Problem.InvalidParameter(name, $"'{text}' is not a whole number from {min} to {max}");
    }
}
