using Backtrace.Telemetry;

namespace Backtrace.ServiceDefaults;

/// <summary>Which libraries' spans and metrics every host exports, beside ASP.NET Core, HTTP clients and the runtime.</summary>
public static class TelemetrySources
{
    /// <summary>
    /// Activity sources: the platform's own, Orleans grain calls (<c>Runtime</c>: calls between silos and
    /// from clients; <c>Application</c>: grain method spans; <c>Storage</c>: grain state reads and writes),
    /// PostgreSQL commands and the Azure SDK (blob and table requests).
    /// </summary>
    public static readonly IReadOnlyList<string> ActivitySources =
    [
        BacktraceTelemetry.ActivitySourcePrefix + "*",
        "Microsoft.Orleans.Runtime",
        "Microsoft.Orleans.Application",
        "Microsoft.Orleans.Storage",
        "Npgsql",
        "Azure.*",
    ];

    /// <summary>Meters: the platform's own, Orleans (messaging, grains, membership, storage) and Npgsql's pools and commands.</summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        BacktraceTelemetry.MeterName,
        "Microsoft.Orleans",
        "Npgsql",
    ];
}
