using System.Text.Json.Serialization;
using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Problems;

namespace Backtrace.Gateway.Json;

/// <summary>
/// Source-generated JSON for the HTTP API's bodies. Names are snake_case, like the snapshot format,
/// so clients see one convention everywhere.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(IngestResponse))]
[JsonSerializable(typeof(BacktraceSubmitResponse))]
[JsonSerializable(typeof(ProjectListResponse))]
[JsonSerializable(typeof(GroupListResponse))]
[JsonSerializable(typeof(GroupDetailsResponse))]
[JsonSerializable(typeof(StateChangeRequest))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(TokenRequestBody))]
[JsonSerializable(typeof(AnalysisRulesBody))]
[JsonSerializable(typeof(IssuedTokenResponse))]
[JsonSerializable(typeof(TokenListResponse))]
[JsonSerializable(typeof(ProjectRequestBody))]
[JsonSerializable(typeof(CreatedProjectResponse))]
[JsonSerializable(typeof(ProjectResponse))]
[JsonSerializable(typeof(AttachmentListResponse))]
[JsonSerializable(typeof(ProblemError[]))]
[JsonSerializable(typeof(BenchmarkCountersResponse))]
[JsonSerializable(typeof(WebhookRequestBody))]
[JsonSerializable(typeof(WebhookListResponse))]
public sealed partial class GatewayJsonContext : JsonSerializerContext;
