namespace Backtrace.Capture.Delivery;

/// <summary>Where and how snapshots are delivered. <see cref="Validate"/> says what is wrong and how to fix it.</summary>
public sealed class DeliveryOptions
{
    /// <summary>Base URL of the Backtrace gateway, e.g. <c>https://backtrace.example.com</c>.</summary>
    public Uri? Server { get; set; }

    /// <summary>Project the snapshots belong to.</summary>
    public string? Project { get; set; }

    /// <summary>Submission token (sent as a bearer token).</summary>
    public string? Token { get; set; }

    /// <summary>Timeout of one submission attempt (default 30 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay; doubles per failed attempt up to <see cref="MaxRetryDelay"/> (default 1 s).</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between two attempts at one snapshot (default 5 min).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>True when a server, project and token are all set.</summary>
    public bool IsConfigured => Server is not null && !string.IsNullOrEmpty(Project) && !string.IsNullOrEmpty(Token);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Server is null || !Server.IsAbsoluteUri || Server.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("the server must be an absolute http:// or https:// URL (--submit URL)");
        }

        if (string.IsNullOrWhiteSpace(Project) || Project.Contains('/') || Project.Contains('?'))
        {
            throw new ArgumentException("a project name is required and may not contain '/' or '?' (--project NAME)");
        }

        if (string.IsNullOrWhiteSpace(Token))
        {
            throw new ArgumentException("a submission token is required (--token TOKEN or BACKTRACE_TOKEN)");
        }

        if (InitialRetryDelay <= TimeSpan.Zero || MaxRetryDelay < InitialRetryDelay || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("retry delays and the request timeout must be positive, with the maximum delay at least the initial one");
        }
    }
}
