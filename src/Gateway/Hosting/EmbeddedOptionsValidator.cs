using Backtrace.Grains;
using Backtrace.Grains.Tokens;
using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Hosting;

/// <summary>Checks <see cref="EmbeddedOptions"/> at start, with messages that say how to fix each value.</summary>
public sealed class EmbeddedOptionsValidator : IValidateOptions<EmbeddedOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmbeddedOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Listen, UriKind.Absolute, out var listen) || listen.Scheme != Uri.UriSchemeHttp ||
            listen.AbsolutePath != "/" || listen.Query.Length > 0)
        {
            failures.Add($"listen address '{options.Listen}' is not of the form http://HOST:PORT; set --listen or BACKTRACE_LISTEN, e.g. http://127.0.0.1:8080");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("the data directory is empty; set --data-dir or BACKTRACE_DATA_DIR to a writable directory");
        }

        if (!ProjectName.IsValid(options.Project, out var projectProblem))
        {
            failures.Add($"default project '{options.Project}': {projectProblem}; set --project or BACKTRACE_PROJECT");
        }

        CheckToken(failures, options.Token, "--token or BACKTRACE_TOKEN");
        CheckToken(failures, options.AdminToken, "--admin-token or BACKTRACE_ADMIN_TOKEN");
        if (options.Token is not null && options.Token == options.AdminToken)
        {
            failures.Add("the token and the admin token are the same; give them different values");
        }

        if (options.SiloPort is < 0 or > 65535)
        {
            failures.Add($"{EmbeddedOptions.Section}:SiloPort is {options.SiloPort}; set it to 0 (pick a free port) or a port up to 65535");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckToken(List<string> failures, string? token, string setting)
    {
        if (token is not null && !TokenSecret.IsWellFormed(token))
        {
            failures.Add($"the token given by {setting} must be {TokenSecret.MinLength}-{TokenSecret.MaxLength} characters of A-Z a-z 0-9 - _ .");
        }
    }
}
