using System.Net;
using System.Net.Sockets;

namespace Backtrace.LocalServices;

/// <summary>
/// Loopback ports nobody listens on. Orleans silently shares a busy port instead of failing, so every
/// silo and gateway in a test needs ports of its own.
/// </summary>
public static class FreePorts
{
    /// <summary>Takes <paramref name="count"/> distinct free ports from the kernel's ephemeral range.</summary>
    public static int[] Take(int count)
    {
        // Hold every listener until all are chosen, so the kernel cannot hand out the same port twice.
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
