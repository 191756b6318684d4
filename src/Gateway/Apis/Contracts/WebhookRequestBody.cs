namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>The body of <c>POST .../webhooks</c>: <c>{"url":"https://hooks.example.com/bt","secret":"..."}</c> (secret optional).</summary>
public sealed record WebhookRequestBody(string? Url, string? Secret);
