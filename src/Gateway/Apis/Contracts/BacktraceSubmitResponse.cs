using System.Text.Json.Serialization;

namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>What Backtrace clients expect from <c>/post</c>: <c>{"response":"ok","_rxid":"&lt;uuid&gt;"}</c>.</summary>
public sealed record BacktraceSubmitResponse(
    [property: JsonPropertyName("response")] string Response,
    [property: JsonPropertyName("_rxid")] string RxId);
