using System.Net;
using System.Net.Sockets;
using Orleans.Hosting;

namespace Backtrace.Hosting;

/// <summary>Localhost clustering on free ports, for the embedded server, standalone development silos and tests.</summary>
public static class LocalhostClusteringExtensions
{
    /// <summary>
    /// Uses localhost clustering. A port of 0 is replaced by a free port of 127.0.0.1: Orleans does not fail on a
    /// busy port but silently shares it with whoever holds it, so fixed defaults are unsafe on shared machines.
    /// </summary>
    public static ISiloBuilder UseBacktraceLocalhostClustering(this ISiloBuilder builder, int siloPort = 0, int gatewayPort = 0,
        string serviceId = "backtrace", string clusterId = "backtrace-embedded")
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseLocalhostClustering(
            siloPort == 0 ? FreePort() : siloPort,
            gatewayPort == 0 ? FreePort() : gatewayPort,
            serviceId: serviceId,
            clusterId: clusterId);
    }

    /// <summary>A TCP port of 127.0.0.1 that is free right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
