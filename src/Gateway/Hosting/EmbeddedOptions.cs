namespace Backtrace.Gateway.Hosting;

/// <summary>
/// The embedded mode (one process: silo, embedded storage and gateway). Section <see cref="Section"/>;
/// the command-line switches and environment variables of <see cref="EmbeddedConfiguration"/> set the same keys.
/// </summary>
public sealed class EmbeddedOptions
{
    /// <summary>Configuration section: <c>Backtrace:Embedded</c>.</summary>
    public const string Section = "Backtrace:Embedded";

    /// <summary>Where HTTP is served (<c>--listen</c>, <c>BACKTRACE_LISTEN</c>). Default <c>http://127.0.0.1:8080</c>;
    /// port 0 picks a free port, which the start-up banner prints.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The data directory (<c>--data-dir</c>, <c>BACKTRACE_DATA_DIR</c>), relative to the current
    /// directory unless absolute. Default <c>.data</c>. Everything the server stores lives here.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>The default project, created on first start (<c>--project</c>, <c>BACKTRACE_PROJECT</c>). Default <c>default</c>.</summary>
    public string Project { get; set; } = "default";

    /// <summary>
    /// A submit+read token for the default project (<c>--token</c>, <c>BACKTRACE_TOKEN</c>): 16-128 characters of
    /// <c>A-Z a-z 0-9 - _ .</c>. Issued at every start (idempotently), so scripts and tests know a working token.
    /// Unset: a random one is issued on first start and saved in the data directory.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>An admin token (all scopes) for the default project (<c>--admin-token</c>, <c>BACKTRACE_ADMIN_TOKEN</c>);
    /// same rules as <see cref="Token"/>.</summary>
    public string? AdminToken { get; set; }

    /// <summary>The silo's port for silo-to-silo traffic on 127.0.0.1. Default 0: a free port is picked at start.</summary>
    public int SiloPort { get; set; }
}
