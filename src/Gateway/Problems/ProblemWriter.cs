using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Backtrace.Gateway.Problems;

/// <summary>Writes a <see cref="GatewayProblemException"/> as an <c>application/problem+json</c> response.</summary>
public static class ProblemWriter
{
    /// <summary>Prefix of every problem type URI; the problem's code follows.</summary>
    public const string TypePrefix = "urn:backtrace:problem:";

    public static Task WriteAsync(HttpContext context, GatewayProblemException problem)
    {
        var details = new ProblemDetails
        {
            Status = problem.Status,
            Type = TypePrefix + problem.Code,
            Title = problem.Title,
            Detail = problem.Message,
            Instance = context.Request.Path,
        };
        details.Extensions["code"] = problem.Code;
        details.Extensions["trace_id"] = Activity.Current?.Id ?? context.TraceIdentifier;
        if (problem.Path is not null)
        {
            details.Extensions["path"] = problem.Path;
        }

        if (problem.Errors is { Count: > 0 } errors)
        {
            details.Extensions["errors"] = errors.Select(e => new ProblemError(e.Path, e.Reason)).ToArray();
        }

        if (problem.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(details).ExecuteAsync(context);
    }
}
