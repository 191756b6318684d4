using Backtrace.Gateway.Logging;
using Backtrace.Grains;
using Backtrace.Snapshots.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Backtrace.Gateway.Problems;

/// <summary>
/// The one place that turns exceptions into responses (CONVENTIONS.md, rule 8): expected failures of the
/// gateway, of snapshot reading and of grains become precise 4xx ProblemDetails; anything else becomes a
/// 500 that names a trace id and never carries a stack trace.
/// </summary>
public sealed class GatewayExceptionHandler(ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
            return true;
        }

        var problem = Translate(exception);
        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            GatewayLog.UnexpectedFailure(logger, context.Request.Method, context.Request.Path, exception);
        }
        else
        {
            GatewayLog.RequestRejected(logger, context.Request.Method, context.Request.Path, problem.Status, problem.Message);
        }

        await ProblemWriter.WriteAsync(context, problem);
        return true;
    }

    private static GatewayProblemException Translate(Exception exception) => exception switch
    {
        GatewayProblemException problem => problem,
        SnapshotFormatException format => new GatewayProblemException(
            StatusCodes.Status400BadRequest, "invalid-snapshot", "Invalid snapshot", format.Message)
        {
            Path = format.Path,
            Errors = format.Problems,
        },
        InvalidSnapshotException invalid => new GatewayProblemException(
            StatusCodes.Status400BadRequest, invalid.Code, "Invalid snapshot", invalid.Message) { Path = invalid.Path },
        BacktraceDomainException { Kind: DomainErrorKind.Unavailable } unavailable => new GatewayProblemException(
            StatusCodes.Status503ServiceUnavailable, unavailable.Code, "Service unavailable", unavailable.Message)
        {
            RetryAfterSeconds = DependencyFailures.RetryAfterSeconds,
        },
        BacktraceDomainException domain => new GatewayProblemException(StatusOf(domain.Kind), domain.Code, TitleOf(domain.Kind), domain.Message),
        _ when DependencyFailures.IsUnavailable(exception) => new GatewayProblemException(
            StatusCodes.Status503ServiceUnavailable, "dependency-unavailable", "Service unavailable",
            "a service the server depends on is not reachable right now; nothing was stored, send the request again later")
        {
            RetryAfterSeconds = DependencyFailures.RetryAfterSeconds,
        },
        BadHttpRequestException badRequest => new GatewayProblemException(
            badRequest.StatusCode, badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "body-too-large" : "bad-request",
            "Bad request", badRequest.Message),
        _ => new GatewayProblemException(
            StatusCodes.Status500InternalServerError, "internal-error", "Internal error",
            "the server failed to process the request; its log has the details under this trace id"),
    };

    private static int StatusOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Unauthorized => "Unauthorized",
        DomainErrorKind.NotFound => "Not found",
        DomainErrorKind.Conflict => "Conflict",
        _ => "Invalid request",
    };
}
