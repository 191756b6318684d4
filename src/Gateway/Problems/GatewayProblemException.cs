using Backtrace.Snapshots.Validation;

namespace Backtrace.Gateway.Problems;

/// <summary>
/// An expected failure of a request: bad input, missing credentials, something not found. Thrown
/// anywhere below an endpoint and turned into one RFC 9457 ProblemDetails response by
/// <see cref="GatewayExceptionHandler"/>. Build instances with <see cref="Problem"/>.
/// </summary>
public sealed class GatewayProblemException(int status, string code, string title, string detail) : Exception(detail)
{
    /// <summary>HTTP status code (4xx).</summary>
    public int Status { get; } = status;

    /// <summary>Stable machine-readable code, e.g. <c>body-too-large</c>; also the problem type's last segment.</summary>
    public string Code { get; } = code;

    /// <summary>Short summary of the problem type.</summary>
    public string Title { get; } = title;

    /// <summary>JSON path or request part the problem is about, when there is one.</summary>
    public string? Path { get; init; }

    /// <summary>Every problem found in a submitted document, when there were several.</summary>
    public IReadOnlyList<SnapshotProblem>? Errors { get; init; }

    /// <summary>Seconds the client should wait before retrying (429), sent as <c>Retry-After</c>.</summary>
    public int? RetryAfterSeconds { get; init; }
}
