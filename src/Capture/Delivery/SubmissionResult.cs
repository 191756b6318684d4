namespace Backtrace.Capture.Delivery;

/// <summary>What happened to one submission attempt.</summary>
public enum SubmissionOutcome
{
    /// <summary>The server stored the snapshot (2xx).</summary>
    Accepted,

    /// <summary>The server or the network failed in a way worth retrying (5xx, 408, 429, connection, timeout).</summary>
    RetryLater,

    /// <summary>The server refused this snapshot for good (other 4xx): retrying would not help.</summary>
    Rejected,
}

/// <summary>The outcome of one attempt, with the reason in words.</summary>
/// <param name="Outcome">What to do next.</param>
/// <param name="Detail">HTTP status and body excerpt, or the network error.</param>
public readonly record struct SubmissionResult(SubmissionOutcome Outcome, string Detail);
