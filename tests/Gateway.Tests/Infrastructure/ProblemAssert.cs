using System.Text.Json;

namespace Backtrace.Gateway.Tests.Infrastructure;

/// <summary>Checks that a response is the precise RFC 9457 problem a test expects, and leaks no internals.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, int status, string code, string? detailContains = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        var request = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}";
        Assert.True((int)response.StatusCode == status, $"{request}: expected {status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);

        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal("urn:backtrace:problem:" + code, problem.GetProperty("type").GetString());
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, problem.GetProperty("detail").GetString());
        }

        return problem;
    }
}
