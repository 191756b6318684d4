namespace Backtrace.Gateway.Hosting;

/// <summary>
/// <c>initial-tokens.txt</c> in the data directory: the tokens generated when the default project was created.
/// The server keeps only hashes of secrets, so this file (readable by its owner only) is where a user finds them
/// again after the first start's output has scrolled away.
/// </summary>
internal static class InitialTokensFile
{
    private const string FileName = "initial-tokens.txt";
    private const string TokenKey = "token";
    private const string AdminTokenKey = "admin_token";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public static void Write(string dataDirectory, string project, string? token, string? adminToken)
    {
        var path = PathIn(dataDirectory);
        var lines = new List<string>
        {
            $"# Tokens generated when project '{project}' was created. The server stores only their hashes; keep this file private.",
        };
        if (token is not null)
        {
            lines.Add($"{TokenKey}={token}");
        }

        if (adminToken is not null)
        {
            lines.Add($"{AdminTokenKey}={adminToken}");
        }

        File.WriteAllLines(path, lines);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>The saved tokens; nulls when the file or a line is missing.</summary>
    public static (string? Token, string? AdminToken) Read(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return (null, null);
        }

        var values = File.ReadAllLines(path)
            .Where(line => !line.StartsWith('#') && line.Contains('='))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
        return (values.GetValueOrDefault(TokenKey), values.GetValueOrDefault(AdminTokenKey));
    }
}
