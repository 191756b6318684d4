namespace Backtrace.Gateway.Tests.Infrastructure;

/// <summary>How a test starts the server: its data directory, default project and tokens, and extra settings.</summary>
internal sealed record ServerOptions
{
    public required string DataDirectory { get; init; }

    public string Project { get; init; } = "e2e";

    /// <summary>The submit+read token of the default project.</summary>
    public string Token { get; init; } = NewToken();

    /// <summary>The admin token of the default project.</summary>
    public string AdminToken { get; init; } = NewToken();

    /// <summary>Configuration keys and values, passed as <c>--Key value</c>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public static string NewToken() => "t-" + Guid.NewGuid().ToString("N");

    /// <summary>A fresh directory under the system temp directory; the caller deletes it.</summary>
    public static string NewDataDirectory() => Directory.CreateTempSubdirectory("backtrace-e2e-").FullName;

    public IEnumerable<string> Arguments()
    {
        string[] fixedArguments =
        [
            "--listen", "http://127.0.0.1:0",
            "--data-dir", DataDirectory,
            "--project", Project,
            "--token", Token,
            "--admin-token", AdminToken,
        ];
        return fixedArguments.Concat(Settings.SelectMany(s => new[] { $"--{s.Key}", s.Value }));
    }
}
