namespace Backtrace.CaptureAgent;

/// <summary>Every exit status backtrace-agent returns.</summary>
public enum ExitCode
{
    /// <summary>Done; for captures, a snapshot was produced (possibly partial, with warnings).</summary>
    Success = 0,

    /// <summary>An unexpected internal error (a bug): the message and, with --diagnostics, the stack trace.</summary>
    InternalError = 1,

    /// <summary>The command line is wrong.</summary>
    UsageError = 2,

    /// <summary>The process or file does not exist.</summary>
    NotFound = 3,

    /// <summary>Not allowed to trace the process, read the file, or change core_pattern.</summary>
    PermissionDenied = 4,

    /// <summary>The input cannot be read as what it should be (not a core, wrong architecture, corrupt).</summary>
    InvalidInput = 5,

    /// <summary>The process exited before it could be captured.</summary>
    ProcessExited = 6,

    /// <summary>A snapshot was made but could not be delivered now; it waits in the outbox.</summary>
    DeliveryDeferred = 7,

    /// <summary>The server refused a snapshot.</summary>
    DeliveryRejected = 8,
}
