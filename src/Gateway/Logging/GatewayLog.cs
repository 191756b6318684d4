using Microsoft.Extensions.Logging;

namespace Backtrace.Gateway.Logging;

/// <summary>The gateway's log messages, source-generated (CONVENTIONS.md, rule 11).</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1, LogLevel.Information, "{Method} {Path} rejected with {Status}: {Detail}")]
    public static partial void RequestRejected(ILogger logger, string method, string path, int status, string detail);

    [LoggerMessage(2, LogLevel.Error, "{Method} {Path} failed unexpectedly")]
    public static partial void UnexpectedFailure(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(3, LogLevel.Debug, "Snapshot {Uuid} of project {Project} ingested ({Format}) into group {Fingerprint}; duplicate: {Duplicate}")]
    public static partial void SnapshotIngested(ILogger logger, Guid uuid, string project, string format, string fingerprint, bool duplicate);

    [LoggerMessage(4, LogLevel.Information, "Created project {Project}")]
    public static partial void ProjectCreated(ILogger logger, string project);

    [LoggerMessage(5, LogLevel.Information, "Issued token '{Name}' ({Scopes}) for project {Project}")]
    public static partial void TokenIssued(ILogger logger, string name, string scopes, string project);

    [LoggerMessage(6, LogLevel.Information, "Group {Fingerprint} of project {Project} moved to {State} by token {TokenId}")]
    public static partial void GroupStateChanged(ILogger logger, string fingerprint, string project, string state, string tokenId);
}
