namespace Backtrace.Gateway.Hosting;

/// <summary>
/// The embedded server's command-line switches and environment variables, mapped onto
/// <see cref="EmbeddedOptions"/> keys. Precedence: command line, then <c>BACKTRACE_*</c> variables, then
/// appsettings.json.
/// </summary>
public static class EmbeddedConfiguration
{
    /// <summary>Switch → configuration key.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--listen"] = Key(nameof(EmbeddedOptions.Listen)),
        ["--data-dir"] = Key(nameof(EmbeddedOptions.DataDirectory)),
        ["--project"] = Key(nameof(EmbeddedOptions.Project)),
        ["--token"] = Key(nameof(EmbeddedOptions.Token)),
        ["--admin-token"] = Key(nameof(EmbeddedOptions.AdminToken)),
    };

    /// <summary>Environment variable → configuration key.</summary>
    public static readonly IReadOnlyDictionary<string, string> EnvironmentVariables = new Dictionary<string, string>
    {
        ["BACKTRACE_LISTEN"] = Key(nameof(EmbeddedOptions.Listen)),
        ["BACKTRACE_DATA_DIR"] = Key(nameof(EmbeddedOptions.DataDirectory)),
        ["BACKTRACE_PROJECT"] = Key(nameof(EmbeddedOptions.Project)),
        ["BACKTRACE_TOKEN"] = Key(nameof(EmbeddedOptions.Token)),
        ["BACKTRACE_ADMIN_TOKEN"] = Key(nameof(EmbeddedOptions.AdminToken)),
    };

    /// <summary>Adds the variables and switches on top of what the builder already reads.</summary>
    public static void AddTo(IConfigurationManager configuration, string[] args)
    {
        var fromEnvironment = EnvironmentVariables
            .Select(v => (Key: v.Value, Value: Environment.GetEnvironmentVariable(v.Key)))
            .Where(v => !string.IsNullOrEmpty(v.Value))
            .ToDictionary(v => v.Key, v => v.Value);
        configuration.AddInMemoryCollection(fromEnvironment);
        configuration.AddCommandLine(args, Switches.ToDictionary());
    }

    private static string Key(string property) => $"{EmbeddedOptions.Section}:{property}";
}
