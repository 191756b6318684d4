using Backtrace.Gateway.Apis.Contracts;
using Backtrace.Gateway.Auth;
using Backtrace.Gateway.Json;
using Backtrace.Gateway.Problems;
using Backtrace.Grains.Notifications;
using Backtrace.Grains.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backtrace.Gateway.Apis;

/// <summary>
/// A project's webhook integrations, with an admin token: <c>GET</c> and <c>POST /api/v1/projects/{project}/webhooks</c>
/// (<c>{"url":"https://hooks.example.com/bt","secret":"..."}</c>) and <c>DELETE .../webhooks/{id}</c>, which also drops
/// the webhook's undelivered notifications. The list carries the outbox's pending and dropped counts.
/// </summary>
public static class WebhooksApi
{
    private const long MaxBodyBytes = 16 * 1024;
    private const string Example = "{\"url\":\"https://hooks.example.com/backtrace\",\"secret\":\"at-least-16-characters\"}";

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup(ApiPaths.Projects + "/{project}/webhooks").WithTags("Integrations");
        webhooks.MapGet("", ListAsync);
        webhooks.MapPost("", AddAsync);
        webhooks.MapDelete("/{id}", RemoveAsync);
        return app;
    }

    public static async Task<Ok<WebhookListResponse>> ListAsync(string project, HttpContext context, TokenAuthenticator auth, IGrainFactory grains)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Admin, project);
        var list = await grains.GetGrain<INotificationGrain>(grant.Project).GetWebhooksAsync();
        return TypedResults.Ok(new WebhookListResponse([.. list.Webhooks.Select(WebhookResponse.From)], list.Pending, list.Dropped));
    }

    public static async Task<Created<WebhookResponse>> AddAsync(string project, HttpContext context, TokenAuthenticator auth, IGrainFactory grains)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Admin, project);
        var body = await ReadAsync(context);
        var added = await grains.GetGrain<INotificationGrain>(grant.Project).AddWebhookAsync(new WebhookRequest
        {
            Url = body.Url ?? throw Problem.InvalidBody("required: the URL to post notifications to", "$.url"),
            Secret = body.Secret,
        });
        return TypedResults.Created($"{ApiPaths.Projects}/{grant.Project}/webhooks/{added.Id}", WebhookResponse.From(added));
    }

    public static async Task<NoContent> RemoveAsync(string project, string id, HttpContext context, TokenAuthenticator auth, IGrainFactory grains)
    {
        var grant = await auth.RequireAsync(context, TokenScopes.Admin, project);
        await grains.GetGrain<INotificationGrain>(grant.Project).RemoveWebhookAsync(id);
        return TypedResults.NoContent();
    }

    private static Task<WebhookRequestBody> ReadAsync(HttpContext context) =>
        JsonRequestBody.ReadAsync(context, GatewayJsonContext.Default.WebhookRequestBody, "a webhook request", Example, MaxBodyBytes);
}
