using System.Globalization;
using Backtrace.Snapshots.Model;

namespace Backtrace.Grains.Snapshots;

/// <summary>
/// The built-in classifier: one short label for what ended the process, from the fault's signal
/// (docs/deduplication.md, "Classification"). Portable signal names are preferred; a bare number is read
/// with Linux numbering, the only numbering that reaches the server today.
/// </summary>
public static class SignalClassifier
{
    private static readonly Dictionary<string, string> ByName = new(StringComparer.Ordinal)
    {
        ["SIGSEGV"] = "segv",
        ["SIGBUS"] = "bus",
        ["SIGFPE"] = "fpe",
        ["SIGILL"] = "ill",
        ["SIGABRT"] = "abort",
        ["SIGIOT"] = "abort",
        ["SIGTRAP"] = "trap",
        ["SIGSYS"] = "sys",
        ["SIGKILL"] = "kill",
        ["SIGTERM"] = "term",
        ["SIGQUIT"] = "quit",
        ["SIGPIPE"] = "pipe",
        ["SIGXCPU"] = "xcpu",
        ["SIGXFSZ"] = "xfsz",
        ["SIGSTKFLT"] = "stkflt",
    };

    private static readonly Dictionary<int, string> LinuxNumbers = new()
    {
        [3] = "SIGQUIT", [4] = "SIGILL", [5] = "SIGTRAP", [6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE",
        [9] = "SIGKILL", [11] = "SIGSEGV", [13] = "SIGPIPE", [15] = "SIGTERM", [16] = "SIGSTKFLT",
        [24] = "SIGXCPU", [25] = "SIGXFSZ", [31] = "SIGSYS",
    };

    /// <summary>
    /// The label: <c>segv</c>, <c>bus</c>, <c>fpe</c>, <c>ill</c>, <c>abort</c>, <c>trap</c>, <c>sys</c>, <c>kill</c>,
    /// <c>term</c>, <c>quit</c>, <c>pipe</c>, <c>xcpu</c>, <c>xfsz</c>, <c>stkflt</c>; another signal's lower-case name
    /// without <c>SIG</c>, or <c>signal-N</c>; <c>error</c> for a report of an error without a signal; null for neither.
    /// </summary>
    public static string? Classify(Snapshot snapshot)
    {
        if (snapshot.Fault is { } fault)
        {
            var name = fault.SignalName?.Trim().ToUpperInvariant();
            if (string.IsNullOrEmpty(name))
            {
                name = LinuxNumbers.GetValueOrDefault(fault.Signal);
            }

            if (name is null)
            {
                return fault.Signal > 0 ? "signal-" + fault.Signal.ToString(CultureInfo.InvariantCulture) : null;
            }

            if (ByName.TryGetValue(name, out var label))
            {
                return label;
            }

            var bare = name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..] : name;
            return bare.Length is > 0 and <= 16 && bare.All(char.IsAsciiLetterOrDigit) ? bare.ToLowerInvariant() : "signal-other";
        }

        return snapshot.Error is not null ? "error" : null;
    }
}
