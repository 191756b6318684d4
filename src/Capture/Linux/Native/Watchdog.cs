namespace Backtrace.Capture.Linux.Native;

/// <summary>
/// A hard deadline that cannot hang: alarm(2) delivers SIGALRM, whose default action ends the process,
/// even when every managed thread is blocked (in a read of the core pipe, say). The .NET runtime does
/// not handle SIGALRM, so the default action stands.
/// </summary>
public static class Watchdog
{
    public static void Arm(int seconds) => LibC.alarm((uint)Math.Max(1, seconds));
}
