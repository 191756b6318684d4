namespace Backtrace.Capture;

/// <summary>Why a capture could not produce any snapshot at all.</summary>
public enum CaptureFailure
{
    /// <summary>The process or file does not exist.</summary>
    NotFound,

    /// <summary>The agent may not trace the process or read the file.</summary>
    PermissionDenied,

    /// <summary>The input is not something the agent can read (not a core, wrong architecture, corrupt).</summary>
    InvalidInput,

    /// <summary>The process went away before anything could be captured.</summary>
    ProcessExited,
}

/// <summary>A capture that failed for a reason the user can act on; the message says which and why.</summary>
public sealed class CaptureException(CaptureFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public CaptureFailure Failure { get; } = failure;
}
