namespace Backtrace.Capture.Linux.Hook;

/// <summary>
/// The machine-wide <c>/proc/sys/kernel/core_pattern</c>: reading, writing, and the handler line the
/// agent installs. The kernel keeps at most 127 bytes (CORENAME_MAX_SIZE 128), so a longer line is
/// refused here rather than silently cut.
/// </summary>
public static class CorePattern
{
    public const string ProcPath = "/proc/sys/kernel/core_pattern";
    public const int MaxLength = 127;

    public static string Read() => File.ReadAllText(ProcPath).TrimEnd('\n');

    public static void Write(string pattern)
    {
        if (pattern.Length > MaxLength)
        {
            throw new ArgumentException($"core_pattern would be {pattern.Length} bytes; the kernel keeps only {MaxLength}: install the agent under a shorter path");
        }

        try
        {
            File.WriteAllText(ProcPath, pattern);
        }
        catch (UnauthorizedAccessException)
        {
            throw new CaptureException(CaptureFailure.PermissionDenied, $"cannot write {ProcPath}: changing core_pattern needs root");
        }
    }

    /// <summary>The pipe line that runs <paramref name="agent"/> as the crash handler.</summary>
    public static string HandlerLine(string agent, string configurationPath)
    {
        var configuration = configurationPath == HookConfiguration.DefaultPath ? "" : $" -c {configurationPath}";
        return $"|{agent} on-crash{configuration} %P %i %s %t %e";
    }

    /// <summary>True when <paramref name="pattern"/> runs a backtrace-agent crash handler.</summary>
    public static bool IsAgentHandler(string pattern) => pattern.StartsWith('|') && pattern.Contains(" on-crash", StringComparison.Ordinal);
}
