using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Backtrace.Gateway.Ingest;
using Backtrace.Gateway.Json;
using Backtrace.Gateway.Problems;

namespace Backtrace.Gateway.Apis;

/// <summary>
/// Reads the small JSON body of an API request (a state change, a token, project or webhook request, a set of analysis rules) under a size
/// bound, turning every way it can be wrong into one precise 400 (or 413) that shows an example of a good body.
/// </summary>
internal static class JsonRequestBody
{
    /// <summary>Largest body read unless the endpoint says otherwise; most requests hold a few short strings.</summary>
    public const long MaxBytes = 64 * 1024;

    /// <param name="context">The request.</param>
    /// <param name="type">The body's source-generated type.</param>
    /// <param name="what">What the body is, for the 413 message: "a token request".</param>
    /// <param name="example">A valid body, for the 400 message: <c>{"state":"resolved"}</c>.</param>
    /// <param name="maxBytes">Largest body accepted (413 above it).</param>
    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, string what, string example, long maxBytes = MaxBytes)
        where T : class
    {
        var body = await BoundedReader.ReadAllAsync(context.Request.Body, context.Request.ContentLength, maxBytes, context.RequestAborted)
            ?? throw Problem.BodyTooLarge($"{what} is at most {maxBytes} bytes");
        try
        {
            return JsonSerializer.Deserialize(body, type)
                ?? throw Problem.InvalidBody($"expected a JSON object such as {example}, not null");
        }
        catch (JsonException e)
        {
            throw Problem.InvalidBody($"expected a JSON object such as {example}: {JsonMessages.FirstSentence(e.Message)}", e.Path);
        }
    }
}
