using System.Threading.RateLimiting;
using Backtrace.Gateway.Auth;
using Backtrace.Gateway.Problems;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Ingest;

/// <summary>
/// Per-token rate limiting of submissions with ASP.NET Core's rate limiter: one token bucket per token
/// (<see cref="IngestOptions.RateLimitPerSecond"/>, <see cref="IngestOptions.RateLimitBurst"/>), checked
/// before the body is read. Over the rate: 429 with <c>Retry-After</c>, which Backtrace clients report as
/// "limit reached".
/// </summary>
public static class IngestRateLimiting
{
    /// <summary>The policy name ingest endpoints require.</summary>
    public const string Policy = "ingest-per-token";

    public static IServiceCollection AddIngestRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<IngestOptions>>().Value;
                // Requests without a token share one bucket; they are refused with 401 anyway.
                var token = TokenAuthenticator.TokenOf(context.Request, allowQueryToken: true) ?? "";
                return RateLimitPartition.GetTokenBucketLimiter(token, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RateLimitBurst,
                    TokensPerPeriod = options.RateLimitPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                return new ValueTask(ProblemWriter.WriteAsync(rejected.HttpContext, Problem.RateLimited(retryAfter)));
            };
        });
        return services;
    }
}
