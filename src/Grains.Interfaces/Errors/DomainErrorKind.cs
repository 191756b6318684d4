namespace Backtrace.Grains;

/// <summary>What kind of expected failure a <see cref="BacktraceDomainException"/> reports. The gateway maps each
/// kind to one HTTP status, in one place.</summary>
public enum DomainErrorKind
{
    /// <summary>The request is malformed or breaks a rule (HTTP 400 / 422).</summary>
    Invalid = 0,

    /// <summary>The credentials are missing, unknown or revoked (HTTP 401).</summary>
    Unauthorized = 1,

    /// <summary>The thing asked for does not exist (HTTP 404).</summary>
    NotFound = 2,

    /// <summary>The request clashes with existing state (HTTP 409).</summary>
    Conflict = 3,

    /// <summary>A service the platform depends on (database, storage) is down for now; nothing was stored,
    /// the request may be sent again later (HTTP 503 with Retry-After).</summary>
    Unavailable = 4,
}
