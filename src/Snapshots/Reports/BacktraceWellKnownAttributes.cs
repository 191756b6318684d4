using Backtrace.Snapshots.Model;

namespace Backtrace.Snapshots.Reports;

/// <summary>
/// Lifts the attributes that Backtrace clients use for facts the native model holds in fields
/// (application, host, process, error) into those fields. The attributes themselves stay, so queries
/// written for Backtrace (<c>error.message</c>, <c>hostname</c>) keep working.
/// </summary>
internal static class BacktraceWellKnownAttributes
{
    public static void Apply(Snapshot snapshot, string? archName)
    {
        var attributes = snapshot.Attributes;
        snapshot.Application = Text(attributes, "application");
        snapshot.ApplicationVersion = Text(attributes, "application.version");

        var host = new SnapshotHost
        {
            Hostname = Text(attributes, "hostname"),
            Os = Text(attributes, "uname.sysname")?.ToLowerInvariant(),
            Kernel = Text(attributes, "uname.release"),
            KernelVersion = Text(attributes, "uname.version"),
            Architecture = Text(attributes, "uname.machine") ?? archName,
        };
        if (host.Hostname is not null || host.Os is not null || host.Kernel is not null ||
            host.KernelVersion is not null || host.Architecture is not null)
        {
            snapshot.Host = host;
        }

        if (WholeNumber(attributes, "pid") is { } pid)
        {
            snapshot.Process = new SnapshotProcess
            {
                Pid = pid,
                AgeSeconds = attributes.TryGetValue("process.age", out var age) && age.Kind == AttributeKind.Number ? age.AsNumber : null,
            };
        }

        // JavaScript and .NET clients put a generic category in error.type ("Exception") and the
        // exception's class in the first classifier ("TypeError"), which says more about the bug.
        var type = snapshot.Classifiers.Count > 0 ? snapshot.Classifiers[0] : Text(attributes, "error.type");
        var message = Text(attributes, "error.message");
        if (type is not null || message is not null)
        {
            snapshot.Error = new SnapshotError { Type = type, Message = message };
        }
    }

    private static string? Text(Dictionary<string, AttributeValue> attributes, string key) =>
        attributes.TryGetValue(key, out var value) ? value.ToString() : null;

    private static int? WholeNumber(Dictionary<string, AttributeValue> attributes, string key)
    {
        if (!attributes.TryGetValue(key, out var value))
        {
            return null;
        }

        return value.Kind switch
        {
            AttributeKind.Number when value.AsNumber is >= 0 and <= int.MaxValue && Math.Floor(value.AsNumber) == value.AsNumber => (int)value.AsNumber,
            AttributeKind.String when int.TryParse(value.AsString, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
