using Backtrace.TestSupport;

namespace Backtrace.Capture.Tests;

/// <summary>binutils' readelf as an independent source of build-ids.</summary>
internal static class ReadElf
{
    public static string BuildId(string path)
    {
        var output = ProcessRunner.Run("readelf", $"-n {path}", TimeSpan.FromSeconds(30)).StandardOutput;
        var line = output.Split('\n').Single(l => l.Contains("Build ID:", StringComparison.Ordinal));
        return line[(line.IndexOf(':') + 1)..].Trim();
    }
}
