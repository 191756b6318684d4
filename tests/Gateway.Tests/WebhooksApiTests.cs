using System.Net;
using System.Text;
using Backtrace.Gateway.Tests.Infrastructure;

namespace Backtrace.Gateway.Tests;

/// <summary>The webhook endpoints of the shared server: admin only, validated, secrets never listed.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class WebhooksApiTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    private string Webhooks => $"/api/v1/projects/{server.Project}/webhooks";

    [Fact]
    public async Task AddListAndRemove_WithAnAdminToken_NeverShowsTheSecret()
    {
        using var added = await PostAsync(server.AdminToken, """{"url":"https://hooks.example.com/backtrace?team=core","secret":"0123456789abcdef-secret"}""");
        var webhook = await Api.JsonBodyAsync(added, HttpStatusCode.Created);
        var id = webhook.GetProperty("id").GetString()!;
        Assert.Equal(("https://hooks.example.com/backtrace?team=core", true), (webhook.GetProperty("url").GetString(), webhook.GetProperty("signed").GetBoolean()));
        Assert.Equal($"{Webhooks}/{id}", added.Headers.Location?.OriginalString);

        var list = await _client.GetJsonAsync(Webhooks, server.AdminToken);
        Assert.Contains(list.GetProperty("webhooks").EnumerateArray(), w => w.GetProperty("id").GetString() == id);
        Assert.DoesNotContain("0123456789abcdef-secret", list.GetRawText());
        Assert.True(list.TryGetProperty("pending", out _) && list.TryGetProperty("dropped", out _));

        using var removed = await _client.SendAsync(HttpMethod.Delete, $"{Webhooks}/{id}", server.AdminToken);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var again = await _client.SendAsync(HttpMethod.Delete, $"{Webhooks}/{id}", server.AdminToken);
        await ProblemAssert.IsProblemAsync(again, 404, "webhook-not-found", $"has no webhook '{id}'");
    }

    [Fact]
    public async Task WithoutTheAdminScope_Gets403()
    {
        using var add = await PostAsync(server.Token, """{"url":"https://hooks.example.com/x"}""");
        using var list = await _client.SendAsync(HttpMethod.Get, Webhooks, server.Token);

        await ProblemAssert.IsProblemAsync(add, 403, "missing-scope", "'admin'");
        await ProblemAssert.IsProblemAsync(list, 403, "missing-scope");
    }

    [Theory]
    [InlineData("""{"url":"/relative/path"}""", "url: '/relative/path' is not an absolute URL")]
    [InlineData("""{"url":"gopher://hooks.example.com/"}""", "url: the scheme is 'gopher'; only http and https")]
    [InlineData("""{"url":"https://admin:pw@hooks.example.com/"}""", "url: a URL with a user name or password is not accepted")]
    [InlineData("""{"url":"https://hooks.example.com/","secret":"short"}""", "secret: a signing secret is 16 to 256 printable ASCII characters")]
    [InlineData("""{"secret":"0123456789abcdef"}""", "$.url: required")]
    public async Task InvalidWebhooks_Get400WithTheReason(string body, string detail)
    {
        using var response = await PostAsync(server.AdminToken, body);

        var problem = await ProblemAssert.IsProblemAsync(response, 400, body.Contains("\"url\"", StringComparison.Ordinal) ? "invalid-request" : "invalid-body");
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MalformedJson_Gets400()
    {
        using var response = await PostAsync(server.AdminToken, """{"url": 42}""");

        await ProblemAssert.IsProblemAsync(response, 400, "invalid-body", "expected a JSON object such as");
    }

    private Task<HttpResponseMessage> PostAsync(string token, string json) =>
        _client.SendAsync(HttpMethod.Post, Webhooks, token, new StringContent(json, Encoding.UTF8, "application/json"));
}
