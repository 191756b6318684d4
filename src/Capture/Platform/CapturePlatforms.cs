namespace Backtrace.Capture.Platform;

/// <summary>Picks the front ends for the OS the agent runs on.</summary>
public static class CapturePlatforms
{
    /// <summary>The platform of this machine; throws <see cref="CaptureException"/> where none is implemented.</summary>
    public static ICapturePlatform Current =>
        OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64
            ? Linux.LinuxPlatform.Instance
            : throw new CaptureException(CaptureFailure.InvalidInput, $"capture is implemented for Linux x86-64 only, not {System.Runtime.InteropServices.RuntimeInformation.OSDescription} {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture} (see docs/platforms.md)");
}
