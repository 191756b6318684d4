using Microsoft.AspNetCore.Http;

namespace Backtrace.Gateway.Problems;

/// <summary>The gateway's expected failures, one factory per kind, so every response for the same
/// situation has the same status, code and wording.</summary>
public static class Problem
{
    /// <summary>
    /// <paramref name="text"/> as quoted back in a problem's detail: at most 64 characters, so a client's giant
    /// value does not come back in the answer.
    /// </summary>
    public static string Quote(string text) => text.Length <= 64 ? text : text[..64] + "...";

    public static GatewayProblemException MissingToken() => new(
        StatusCodes.Status401Unauthorized, "missing-token", "Missing token",
        "send a token as 'Authorization: Bearer <token>' (Backtrace clients: the 'token' query parameter)");

    public static GatewayProblemException InvalidToken() => new(
        StatusCodes.Status401Unauthorized, "invalid-token", "Invalid token", "the token is not valid");

    public static GatewayProblemException MissingScope(string scope) => new(
        StatusCodes.Status403Forbidden, "missing-scope", "Missing scope", $"the token does not have the '{scope}' scope this request needs");

    /// <summary>Same answer for a project that does not exist and one the token does not belong to, so
    /// that a token reveals nothing about other projects.</summary>
    public static GatewayProblemException ProjectNotReachable(string project) => new(
        StatusCodes.Status404NotFound, "project-not-found", "Project not found",
        $"project '{project}' does not exist or is not reachable with this token");

    /// <summary>Project creation is reserved to the server's operators: admin tokens of its default project.</summary>
    public static GatewayProblemException ServerAdminRequired(string defaultProject) => new(
        StatusCodes.Status403Forbidden, "server-admin-required", "Server administrator required",
        $"only an admin token of the server's default project '{defaultProject}' creates projects");

    public static GatewayProblemException NotFound(string code, string detail) => new(
        StatusCodes.Status404NotFound, code, "Not found", detail);

    public static GatewayProblemException InvalidParameter(string parameter, string reason) => new(
        StatusCodes.Status400BadRequest, "invalid-parameter", "Invalid parameter", $"{parameter}: {reason}") { Path = parameter };

    public static GatewayProblemException InvalidBody(string reason, string? path = null) => new(
        StatusCodes.Status400BadRequest, "invalid-body", "Invalid request body", path is null ? reason : $"{path}: {reason}") { Path = path };

    public static GatewayProblemException BodyTooLarge(string reason) => new(
        StatusCodes.Status413PayloadTooLarge, "body-too-large", "Request body too large", reason);

    public static GatewayProblemException AttachmentTooLarge(string name, long size, long max) => new(
        StatusCodes.Status413PayloadTooLarge, "attachment-too-large", "Attachment too large",
        $"attachment '{name}' is {size} bytes, over the limit of {max}; nothing was stored");

    public static GatewayProblemException TooManyAttachments(int max) => new(
        StatusCodes.Status413PayloadTooLarge, "too-many-attachments", "Too many attachments",
        $"a snapshot keeps at most {max} attachments; nothing was stored");

    public static GatewayProblemException UnsupportedEncoding(string reason) => new(
        StatusCodes.Status415UnsupportedMediaType, "unsupported-encoding", "Unsupported content encoding", reason);

    public static GatewayProblemException UnsupportedFormat(string reason) => new(
        StatusCodes.Status415UnsupportedMediaType, "unsupported-format", "Unsupported submission format", reason);

    public static GatewayProblemException CorruptBody(string encoding, string reason) => new(
        StatusCodes.Status400BadRequest, "corrupt-body", "Corrupt compressed body", $"the {encoding} body cannot be decompressed: {reason}");

    public static GatewayProblemException RateLimited(int retryAfterSeconds) => new(
        StatusCodes.Status429TooManyRequests, "rate-limited", "Too many submissions",
        $"this token submits faster than its rate limit allows; retry in {retryAfterSeconds} s")
    { RetryAfterSeconds = retryAfterSeconds };
}
