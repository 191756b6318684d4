namespace Backtrace.Silo;

/// <summary>Where the standalone silo keeps its data and listens. Bound from <see cref="Section"/>
/// (environment: <c>Backtrace__Silo__DataDirectory</c>, ...; command line: <c>--Backtrace:Silo:DataDirectory=...</c>).</summary>
public sealed class SiloHostOptions
{
    public const string Section = "Backtrace:Silo";

    /// <summary>Data directory for embedded storage (default <c>.data</c> under the working directory).</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>Silo-to-silo port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int SiloPort { get; set; }

    /// <summary>Client gateway port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int GatewayPort { get; set; }
}
